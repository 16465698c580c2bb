"""Workforce returns: a trust's workforce in and out as a spreadsheet (SPEC §8)."""
