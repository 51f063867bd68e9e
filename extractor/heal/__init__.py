"""Selectors that survive a redesign: what each field's nodes looked like when recorded."""
