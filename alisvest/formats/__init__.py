"""Formats per language (settings.FORMAT_MODULE_PATH): the English pages keep Norwegian
dates and numbers ("3. December 2026", "1 234,5"), since the readers are in Norway."""
