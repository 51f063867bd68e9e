"""Selectors that survive a redesign: fingerprints of what each field matched, and fixes found on a
changed page, proven against the recordings and written into the selector file."""
