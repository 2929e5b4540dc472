"""One recount of a user's derived counts at a time (ActivityDay, NetworkCount)."""

from accounts.models import User


def recount_lock(owner: User) -> None:
    """Wait for any other recount of this user's counts, until the end of the transaction.

    Two writers counting at once would each miss the other's uncommitted rows; the second waits
    here until the first has committed, then counts both. FOR NO KEY UPDATE: rows that point at
    the user may still be written meanwhile. (SQLite has one writer at a time anyway.)"""
    list(User.objects.select_for_update(no_key=True).filter(pk=owner.pk).values_list("pk"))
