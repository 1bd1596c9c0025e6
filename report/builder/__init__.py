"""The orchestration: which PDFs to make, up to date or not, workers, checks, files written."""
