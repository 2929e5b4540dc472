"""What an export of contacts reads: the user's contacts with every relation a writer shows,
prefetched, so a file of 10,000 contacts costs the same handful of queries as one of ten."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Affiliation, Contact


def contacts_for_export(
    *, user: User, contact_ids: Iterable[int] | QuerySet | None = None
) -> QuerySet[Contact]:
    """The user's contacts (all of them, or those of `contact_ids` that are theirs), by name."""
    contacts = Contact.objects.filter(owner=user)
    if isinstance(contact_ids, QuerySet):
        contacts = contacts.filter(pk__in=contact_ids.order_by().values("pk"))
    elif contact_ids is not None:
        contacts = contacts.filter(pk__in=list(contact_ids))
    return (
        contacts.order_by(Lower("display_name"), "pk")
        .select_related("introduced_by")
        .prefetch_related(
            "emails",
            "phones",
            "profiles",
            "tags",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.filter(is_current=True)
                .select_related("organization")
                .order_by("-start_date", "pk"),
                to_attr="current_affiliations",
            ),
        )
    )
