# Filled in by the contacts views work.
