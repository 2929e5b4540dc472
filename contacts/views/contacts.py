"""Contact pages: list and search, detail, create, edit, archive, delete, photo, email check."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from contacts.forms.bulk import BulkAction
from contacts.forms.contacts import ContactDetailsFormsets, ContactFilterForm, ContactForm
from contacts.models import RelationshipType, Tier
from contacts.selectors import contacts as selectors
from contacts.selectors.access import get_contact_for_user
from contacts.selectors.listing import paginate
from contacts.services import contacts as services
from interactions.selectors.events import events_met_at
from interactions.timeline import contact_timeline
from reminders.selectors import reminder_item_context, reminders_for_contact

# A photo URL carries a version (?v=...) that changes with the file, so the browser may keep it.
PHOTO_CACHE_SECONDS = 60 * 60 * 24 * 7


@require_GET
def contact_list(request):
    filters = ContactFilterForm(request.GET, owner=request.user)
    criteria = filters.filters()
    listing = selectors.contact_list_page(user=request.user, **criteria)
    page = paginate(listing.contacts, request.GET.get("page"), per_page=settings.PAGE_SIZE)
    # Tells "nothing matches" apart from "nothing yet"; only asked when the page is empty.
    has_any = bool(page.object_list) or selectors.contact_list_exists(user=request.user)
    context = {
        "filters": filters,
        "page": page,
        "more_matches": listing.more,
        "has_any": has_any,
        "filtering": any(value for key, value in criteria.items() if key != "sort"),
        # The bulk edit bar's choices: constants, no query.
        "bulk_actions": BulkAction.choices,
        "tier_choices": Tier.choices,
        "relationship_choices": RelationshipType.choices,
    }
    # As-you-type search swaps only the results; a history restore needs the whole page.
    htmx = request.htmx
    if htmx and htmx.target == "contact-results" and not htmx.history_restore_request:
        return render(request, "contacts/_contact_results.html", context)
    return render(request, "contacts/contact_list.html", context)


def _save_contact(request, *, contact=None):
    """The create and edit pages: one form, three formsets, one service call."""
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ContactForm(data, files, owner=request.user, contact=contact)
    details = ContactDetailsFormsets(data, owner=request.user, contact=contact)
    if request.method == "POST" and all([form.is_valid(), details.is_valid()]):
        entries = details.entries()
        common = {
            "fields": form.contact_fields(),
            "emails": entries["emails"],
            "phones": entries["phones"],
            "profiles": entries["profiles"],
            "tag_names": form.cleaned_data["tags"],
            "photo": form.cleaned_data["photo"],
        }
        if contact is None:
            contact = services.contact_create(owner=request.user, **common)
            messages.success(request, f"{contact.display_name} was added.")
        else:
            contact = services.contact_update(
                contact=contact,
                remove_photo=form.cleaned_data.get("remove_photo", False),
                **common,
            )
            messages.success(request, f"{contact.display_name} was saved.")
        return redirect(contact)
    return render(
        request,
        "contacts/contact_form.html",
        {"form": form, "details": details, "contact": contact},
    )


@require_http_methods(["GET", "POST"])
def contact_create(request):
    return _save_contact(request)


@require_http_methods(["GET", "POST"])
def contact_update(request, pk: int):
    return _save_contact(request, contact=get_contact_for_user(request.user, pk))


@require_GET
def contact_detail(request, pk: int):
    contact = selectors.contact_detail(user=request.user, pk=pk)
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": contact,
            "affiliations": contact.affiliation_list,
            # The middleware has activated the user's time zone: this is their today.
            "birthday": selectors.contact_birthday(contact, today=timezone.localdate()),
            "timeline": contact_timeline(user=request.user, contact=contact),
            "events": events_met_at(user=request.user, contact=contact),
            "reminders": reminders_for_contact(user=request.user, contact=contact),
            **reminder_item_context(user=request.user),
            "next": request.path,
        },
    )


def contact_archive(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    # The object comes first so that another user's id is a 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if contact.is_archived:
        services.contact_unarchive(contact=contact)
        messages.success(request, f"{contact.display_name} is back in your contacts.")
    else:
        services.contact_archive(contact=contact)
        messages.success(
            request,
            f"{contact.display_name} was archived: hidden from lists and pickers, kept in full.",
        )
    return redirect(contact)


@require_http_methods(["GET", "POST"])
def contact_delete(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    if request.method == "POST":
        name = contact.display_name
        services.contact_delete(contact=contact)
        messages.success(request, f"{name} was deleted.")
        return redirect("contacts:contact_list")
    return render(
        request,
        "contacts/contact_confirm_delete.html",
        {"contact": contact, "summary": selectors.contact_delete_summary(contact=contact)},
    )


@require_GET
def contact_photo(request, pk: int):
    contact = get_contact_for_user(request.user, pk)
    if not contact.photo:
        raise Http404("This contact has no photo.")
    try:
        photo = contact.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404("This contact's photo file is missing.") from error
    content_type = mimetypes.guess_type(contact.photo.name)[0] or "application/octet-stream"
    response = FileResponse(photo, content_type=content_type)
    # Private: the browser may keep it, shared caches and proxies may not.
    response["Cache-Control"] = f"private, max-age={PHOTO_CACHE_SECONDS}"
    return response


@require_GET
def contact_email_check(request):
    """The warning under an email input: which other contact already uses this address.

    Formset inputs send their own prefixed name (emails-0-email), so any "...email" parameter
    is read.
    """
    email = request.GET.get("email", "")
    if not email:
        email = next((v for k, v in request.GET.items() if k.endswith("-email")), "")
    exclude = request.GET.get("exclude", "")
    exclude_pk = int(exclude) if exclude.isdecimal() and len(exclude) < 19 else None
    other = selectors.contact_email_owner(
        user=request.user, email=email[:254], exclude_pk=exclude_pk
    )
    return render(request, "contacts/_contact_email_check.html", {"other": other})
