"""The HTML stage: content and design into one HTML document (templates, charts, tables)."""
