"""Interaction pages: the quick log (a modal with htmx, a page without), detail, edit, delete,
a contact's timeline and introductions."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from contacts.models import Contact
from contacts.selectors.access import get_contact_for_user
from interactions.forms.interactions import (
    InteractionForm,
    IntroductionMadeForm,
    IntroductionReceivedForm,
)
from interactions.selectors.interactions import get_interaction_for_user
from interactions.services import interactions as services
from interactions.services.introductions import introduction_make, introduction_receive
from interactions.timeline import contact_timeline as timeline_page
from reminders.services import follow_up_create

# The event the quick log's success response triggers: static/js/quick-log.js closes the modal
# and a contact page's timeline reloads itself (hx-trigger="interactionLogged from:body").
LOGGED_EVENT = "interactionLogged"


def _preselected_contact(request) -> Contact | None:
    """The contact named by ?contact=<id>: the user's own (another user's id is a 404)."""
    value = request.GET.get("contact", "")
    if not value.isdecimal() or len(value) > 18:
        return None
    return get_contact_for_user(request.user, int(value))


def _logged_message(interaction, contacts: list[Contact]) -> str:
    names = ", ".join(c.display_name for c in contacts[:3])
    if len(contacts) > 3:
        names += f" and {len(contacts) - 3} more"
    return f"Logged: {interaction.get_kind_display().lower()} with {names}."


@require_http_methods(["GET", "POST"])
def interaction_create(request):
    contact = _preselected_contact(request)
    htmx = bool(request.htmx)
    data = request.POST if request.method == "POST" else None
    # The modal's fields get ids of their own: it opens over pages that have the same form.
    auto_id = "quick-log-%s" if htmx else "id_%s"
    form = InteractionForm(data, owner=request.user, contact=contact, auto_id=auto_id)
    if request.method == "POST" and form.is_valid():
        fields = form.interaction_fields()
        introduced = form.cleaned_data.get("introduced_me_to")
        follow_up_on = form.follow_up_on()
        with transaction.atomic():
            interaction = services.interaction_log(owner=request.user, **fields)
            if introduced:
                introduction_receive(
                    owner=request.user,
                    introducer=form.cleaned_data["introducer"],
                    introduced=introduced,
                )
            if follow_up_on:
                follow_up_create(interaction=interaction, due_on=follow_up_on)
        message = _logged_message(interaction, fields["contacts"])
        if follow_up_on:
            message += f" Follow-up on {follow_up_on:%A %-d %B}."
        if htmx:
            response = render(
                request,
                "interactions/_quick_log_done.html",
                {"interaction": interaction, "message": message},
            )
            return trigger_client_event(response, LOGGED_EVENT, {"id": interaction.pk})
        messages.success(request, message)
        if contact is not None and contact in fields["contacts"]:
            return redirect(contact)
        return redirect(interaction)
    context = {"form": form, "contact": contact}
    if htmx:
        return render(request, "interactions/_quick_log.html", context)
    return render(request, "interactions/interaction_form.html", context)


@require_GET
def interaction_detail(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    return render(request, "interactions/interaction_detail.html", {"interaction": interaction})


@require_http_methods(["GET", "POST"])
def interaction_update(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = InteractionForm(data, owner=request.user, interaction=interaction)
    if request.method == "POST" and form.is_valid():
        services.interaction_update(interaction=interaction, **form.interaction_fields())
        messages.success(request, "Saved.")
        return redirect(interaction)
    return render(
        request, "interactions/interaction_form.html", {"form": form, "interaction": interaction}
    )


def interaction_delete(request, pk: int):
    interaction = get_interaction_for_user(request.user, pk)
    # The object comes first so that another user's id is a 404 whatever the method.
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    people = interaction.participant_list
    if request.method == "POST":
        services.interaction_delete(interaction=interaction)
        messages.success(request, f"The {interaction.get_kind_display().lower()} was deleted.")
        return redirect(people[0] if people else "home")
    return render(
        request, "interactions/interaction_confirm_delete.html", {"interaction": interaction}
    )


@require_GET
def contact_timeline(request, contact_pk: int):
    """A page of the contact's timeline: the whole card (refreshed after a quick log), the next
    items (htmx "load more"), or, without JavaScript, a page of its own."""
    contact = get_contact_for_user(request.user, contact_pk)
    before = request.GET.get("before", "")
    timeline = timeline_page(user=request.user, contact=contact, before=before)
    context = {"contact": contact, "timeline": timeline}
    htmx = request.htmx
    if htmx and not htmx.history_restore_request:
        if timeline.totals is None:
            return render(request, "interactions/_timeline_items.html", context)
        return render(request, "interactions/_timeline.html", context)
    return render(request, "interactions/interaction_timeline.html", context)


@require_http_methods(["GET", "POST"])
def introduction_create(request, contact_pk: int):
    """Both kinds of introduction from a contact's page; the submit button says which."""
    contact = get_contact_for_user(request.user, contact_pk)
    which = request.POST.get("which") if request.method == "POST" else None
    made = IntroductionMadeForm(
        request.POST if which == "made" else None,
        owner=request.user,
        contact=contact,
        prefix="made",
    )
    received = IntroductionReceivedForm(
        request.POST if which == "received" else None,
        owner=request.user,
        contact=contact,
        prefix="received",
    )
    if which == "made" and made.is_valid():
        other = made.cleaned_data["other"]
        introduction_make(
            owner=request.user,
            contact=contact,
            other=other,
            occurred_at=made.cleaned_data["occurred_at"],
            notes=made.cleaned_data["notes"],
        )
        messages.success(
            request,
            f"Logged: you introduced {contact.display_name} to {other.display_name}. "
            "It shows on both timelines.",
        )
        return redirect(contact)
    if which == "received" and received.is_valid():
        introduced = received.cleaned_data["introduced"]
        previous = introduced.introduced_by
        introduction_receive(
            owner=request.user,
            introducer=contact,
            introduced=[introduced],
            occurred_at=received.cleaned_data["occurred_at"],
            log=received.cleaned_data["log"],
        )
        message = (
            f"{introduced.display_name} is now marked as introduced by {contact.display_name}."
        )
        if previous is not None and previous.pk != contact.pk:
            message += f" (It was {previous.display_name} before.)"
        messages.success(request, message)
        return redirect(contact)
    return render(
        request,
        "interactions/interaction_introductions.html",
        {"contact": contact, "made": made, "received": received},
    )
