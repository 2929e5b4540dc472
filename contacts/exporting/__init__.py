"""Writers for the contacts a user exports: CSV (spreadsheet-safe) and vCard.

They read what contacts.selectors.exporting.contacts_for_export prepared (one query per relation,
whatever the number of contacts) and never query themselves. Used by the admin's export actions,
the contact list's "export selected", and the full-account export.
"""
