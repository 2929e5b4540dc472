"""Seeing that the background machinery works: a staff page and a JSON endpoint for monitors."""
