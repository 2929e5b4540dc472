from django.db.models import Count, Q

from contacts.models import Contact, Organization


def network_summary(*, user) -> dict:
    """Counts for the home page, in two queries whatever the size of the network."""
    contacts = Contact.objects.filter(owner=user).aggregate(
        active=Count("pk", filter=Q(archived_at__isnull=True)),
        archived=Count("pk", filter=Q(archived_at__isnull=False)),
    )
    return {
        "contacts": contacts["active"],
        "archived": contacts["archived"],
        "organizations": Organization.objects.filter(owner=user).count(),
    }
