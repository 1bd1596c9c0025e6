"""What every layer uses: errors, file names and writes, language facts, the tool's own files."""
