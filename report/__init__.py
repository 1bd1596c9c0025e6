"""report: designed, accessible multi-page PDF brochures from YAML content."""

__version__ = "0.1.0"
