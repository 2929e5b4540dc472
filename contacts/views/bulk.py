"""The contact list's bulk edit: POST the ticked rows (or "all matching") and an action; a
confirmation page says how many contacts change; confirming applies it. Exports answer with the
file at once, and "merge" goes to the side-by-side merge page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from contacts.exporting.csv import contacts_csv
from contacts.exporting.vcard import contacts_vcards
from contacts.forms.bulk import BulkAction, ContactBulkForm
from contacts.models import RelationshipType, Tier
from contacts.selectors import contacts as selectors
from contacts.selectors.exporting import contacts_for_export
from contacts.services import bulk

# How many names the confirmation page lists before "and 480 more".
NAMES_SHOWN = 10


def _selection(form: ContactBulkForm, user):
    if form.cleaned_data["everything"]:
        criteria = form.filter_form(owner=user).filters()
        return selectors.contact_list(user=user, **criteria)
    return bulk.contacts_selected(owner=user, contact_ids=form.cleaned_data["contacts"])


def _list_url(form: ContactBulkForm) -> str:
    query = form.cleaned_data.get("filter") if form.is_bound and form.is_valid() else ""
    url = reverse("contacts:contact_list")
    return f"{url}?{query}" if query else url


def _describe(action: str, data: dict) -> str:
    if action in (BulkAction.TAG, BulkAction.UNTAG):
        names = ", ".join(f"“{name}”" for name in data["tag_names"])
        return f"add {names} to" if action == BulkAction.TAG else f"remove {names} from"
    if action == BulkAction.TIER:
        return f"set the closeness to {Tier(data['new_tier']).label} for"
    if action == BulkAction.CADENCE:
        days = data["new_cadence"]
        return (
            f"keep in touch every {days} days with" if days else "use the closeness's cadence for"
        )
    if action == BulkAction.RELATIONSHIP:
        kind = data["new_relationship_type"]
        return (
            f"set the relationship to {RelationshipType(kind).label} for"
            if kind
            else "clear the relationship of"
        )
    return {BulkAction.ARCHIVE: "archive", BulkAction.UNARCHIVE: "bring back"}[action]


def _apply(action: str, data: dict, *, owner, contacts) -> bulk.BulkOutcome:
    common = {"owner": owner, "contact_ids": contacts}
    if action == BulkAction.TAG:
        return bulk.contacts_bulk_tag(**common, tag_names=data["tag_names"])
    if action == BulkAction.UNTAG:
        return bulk.contacts_bulk_untag(**common, tag_names=data["tag_names"])
    if action == BulkAction.TIER:
        return bulk.contacts_bulk_set_tier(**common, tier=data["new_tier"])
    if action == BulkAction.CADENCE:
        return bulk.contacts_bulk_set_cadence(**common, cadence_days=data["new_cadence"])
    if action == BulkAction.RELATIONSHIP:
        return bulk.contacts_bulk_set_relationship_type(
            **common, relationship_type=data["new_relationship_type"]
        )
    if action == BulkAction.ARCHIVE:
        return bulk.contacts_bulk_archive(**common)
    return bulk.contacts_bulk_unarchive(**common)


def _export(action: str, user, contacts) -> HttpResponse:
    rows = contacts_for_export(user=user, contact_ids=contacts)
    if action == BulkAction.EXPORT_CSV:
        response = HttpResponse(contacts_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contacts.csv"'
    else:
        response = HttpResponse(contacts_vcards(rows), content_type="text/vcard; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="contacts.vcf"'
    return response


@require_POST
def contact_bulk(request):
    form = ContactBulkForm(request.POST)
    if not form.is_valid():
        for error in [*form.non_field_errors(), *(e for f in form for e in f.errors)]:
            messages.error(request, error)
        return redirect(_list_url(form))
    data = form.cleaned_data
    action = data["action"]
    contacts = _selection(form, request.user)
    if action in BulkAction.EXPORTS:
        return _export(action, request.user, contacts)
    if action == BulkAction.MERGE:
        first, second = sorted(data["contacts"])
        return redirect("contacts:contact_merge", pk=first, other_pk=second)
    if not data["confirmed"]:
        names = list(
            contacts.order_by("display_name").values_list("display_name", flat=True)[
                : NAMES_SHOWN + 1
            ]
        )
        count = contacts.count()
        return render(
            request,
            "contacts/contact_bulk_confirm.html",
            {
                "form": form,
                "count": count,
                "names": names[:NAMES_SHOWN],
                "more": max(count - NAMES_SHOWN, 0),
                "description": _describe(action, data),
                "list_url": _list_url(form),
            },
        )
    outcome = _apply(action, data, owner=request.user, contacts=contacts)
    noun = "contact" if outcome.changed == 1 else "contacts"
    message = f"Done: {_describe(action, data)} {outcome.changed} {noun}"
    if outcome.unchanged:
        message += f" ({outcome.unchanged} needed no change)"
    messages.success(request, message[0].upper() + message[1:] + ".")
    return redirect(_list_url(form))
