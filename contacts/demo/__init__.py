"""Demo data for `manage.py seed_demo`: hand-written word lists and the generator that uses them."""
