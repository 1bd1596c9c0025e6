"""What is built on top of the build: preview, newsletter, translation files, starter."""
