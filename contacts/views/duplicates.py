"""The duplicates page, the side-by-side merge, and "not a duplicate"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contacts.forms.merge import ContactMergeForm
from contacts.selectors.access import get_contact_for_user
from contacts.selectors.duplicates import duplicate_candidates, duplicate_pairs_with_contacts
from contacts.services.duplicates import duplicate_dismiss as dismiss
from contacts.services.merge import MergeError, contacts_merge

PAIRS_PER_PAGE = 20


@require_http_methods(["GET"])
def duplicate_list(request):
    page = Paginator(duplicate_candidates(user=request.user), PAIRS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    pairs = duplicate_pairs_with_contacts(user=request.user, pairs=list(page.object_list))
    return render(request, "contacts/duplicate_list.html", {"page": page, "pairs": pairs})


def _pair(request, pk: int, other_pk: int):
    # Both looked up first, so another user's id is a 404 whatever the method.
    return get_contact_for_user(request.user, pk), get_contact_for_user(request.user, other_pk)


@require_http_methods(["GET", "POST"])
def contact_merge(request, pk: int, other_pk: int):
    left, right = _pair(request, pk, other_pk)
    if left.pk == right.pk:
        messages.error(request, "Pick two different contacts to merge.")
        return redirect("contacts:duplicate_list")
    form = ContactMergeForm(
        request.POST if request.method == "POST" else None, left=left, right=right
    )
    if request.method == "POST" and form.is_valid():
        survivor, duplicate = form.survivor_and_duplicate()
        name = duplicate.display_name
        try:
            survivor = contacts_merge(
                owner=request.user,
                survivor=survivor,
                duplicate=duplicate,
                fields=form.merge_fields(),
            )
        except MergeError as error:
            messages.error(request, str(error))
            return redirect("contacts:contact_merge", pk=pk, other_pk=other_pk)
        messages.success(
            request, f"{name} was merged into {survivor.display_name}: nothing was lost."
        )
        return redirect(survivor)
    return render(
        request,
        "contacts/contact_merge.html",
        {"form": form, "left": left, "right": right, "rows": form.rows()},
    )


def duplicate_dismiss(request, pk: int, other_pk: int):
    contact, other = _pair(request, pk, other_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if contact.pk != other.pk:
        dismiss(owner=request.user, contact=contact, other=other)
        messages.success(
            request,
            f"{contact.display_name} and {other.display_name} will not be suggested again.",
        )
    return redirect("contacts:duplicate_list")
