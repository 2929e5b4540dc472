"""Reads of single interactions, always through the requesting user (another user's id is a 404)."""

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from accounts.models import User
from contacts.models import Contact
from interactions.models import Interaction


def get_interaction_for_user(user: User, pk: int) -> Interaction:
    """The interaction with its event and its participants (by name, as `participant_list`)."""
    return get_object_or_404(
        Interaction.objects.select_related("event").prefetch_related(
            Prefetch(
                "participants",
                queryset=Contact.objects.order_by(Lower("display_name"), "pk"),
                to_attr="participant_list",
            )
        ),
        pk=pk,
        owner=user,
    )
