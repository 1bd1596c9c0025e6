"""The design stage: theme, fonts, page format and the grid of every page kind."""
