"""The user's own memberships: the associations, communities and volunteer groups they belong to."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contacts.forms.organizations import MembershipForm
from contacts.selectors.access import get_membership_for_user, get_organization_for_user
from contacts.selectors.organizations import membership_list as select_memberships
from contacts.services import organizations as services


@require_http_methods(["GET"])
def membership_list(request):
    memberships = select_memberships(request.user)
    return render(
        request,
        "contacts/membership_list.html",
        {
            "current": [m for m in memberships if m.is_current],
            "past": [m for m in memberships if not m.is_current],
        },
    )


@require_http_methods(["GET", "POST"])
def membership_create(request):
    initial = {}
    # An organization's page links here with ?organization=<pk> to preselect it.
    if "organization" in request.GET:
        try:
            organization_pk = int(request.GET["organization"])
        except ValueError:
            raise Http404 from None
        initial["organization"] = get_organization_for_user(request.user, organization_pk).pk
    form = MembershipForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        membership = services.membership_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"Recorded: {membership}.")
        return redirect("contacts:membership_list")
    return render(request, "contacts/membership_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def membership_update(request, pk: int):
    membership = get_membership_for_user(request.user, pk)
    form = MembershipForm(request.POST or None, user=request.user, instance=membership)
    if form.is_valid():
        membership = services.membership_update(membership=membership, **form.cleaned_data)
        messages.success(request, f"Saved: {membership}.")
        return redirect("contacts:membership_list")
    return render(
        request, "contacts/membership_form.html", {"form": form, "membership": membership}
    )


@require_http_methods(["GET", "POST"])
def membership_delete(request, pk: int):
    membership = get_membership_for_user(request.user, pk)
    if request.method == "POST":
        services.membership_delete(membership=membership)
        messages.success(request, f"Deleted: {membership}.")
        return redirect("contacts:membership_list")
    return render(request, "contacts/membership_confirm_delete.html", {"membership": membership})
