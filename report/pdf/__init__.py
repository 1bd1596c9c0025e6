"""The PDF stage: HTML into a tagged PDF (engine, structure tree, fit, drafts, profiles)."""
