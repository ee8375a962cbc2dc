"""Importers: bring reviews in from other systems (WordPress's WXR export)."""
