"""Organizations, and contacts' affiliations with them. Each view reaches its object through the
owner-scoped helpers in contacts.selectors.access, so another user's id is a 404."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contacts.forms.organizations import (
    AffiliationForm,
    OrganizationFilterForm,
    OrganizationForm,
)
from contacts.models import OrganizationKind
from contacts.selectors import organizations as selectors
from contacts.selectors.access import (
    get_affiliation_for_user,
    get_contact_for_user,
    get_organization_for_user,
)
from contacts.services import organizations as services


@require_http_methods(["GET"])
def organization_list(request):
    filters = OrganizationFilterForm(request.GET)
    filters.is_valid()
    query = filters.cleaned_data.get("q", "")
    kind = filters.cleaned_data.get("kind", "")
    organizations = selectors.organization_list(request.user, query=query, kind=kind)
    page = Paginator(organizations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/organization_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": OrganizationKind.choices,
            "kind_label": OrganizationKind(kind).label if kind else "",
            "filtered": bool(query or kind),
        },
    )


@require_http_methods(["GET", "POST"])
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if form.is_valid():
        organization = services.organization_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"{organization} added.")
        return redirect(organization)
    return render(request, "contacts/organization_form.html", {"form": form})


@require_http_methods(["GET"])
def organization_detail(request, pk: int):
    detail = selectors.organization_detail(request.user, pk)
    return render(
        request,
        "contacts/organization_detail.html",
        {
            "organization": detail.organization,
            "current": detail.current,
            "past": detail.past,
            "memberships": detail.memberships,
        },
    )


@require_http_methods(["GET", "POST"])
def organization_update(request, pk: int):
    organization = get_organization_for_user(request.user, pk)
    # Bound to a copy of the values, not the instance: a ModelForm writes into its instance while
    # validating, and the service must still see the old name to know it was renamed.
    form = OrganizationForm(
        request.POST or None,
        initial=model_to_dict(organization, fields=OrganizationForm.Meta.fields),
    )
    if form.is_valid():
        services.organization_update(organization=organization, **form.cleaned_data)
        messages.success(request, f"{organization} saved.")
        return redirect(organization)
    return render(
        request,
        "contacts/organization_form.html",
        {"form": form, "organization": organization},
    )


@require_http_methods(["GET", "POST"])
def organization_delete(request, pk: int):
    organization = get_organization_for_user(request.user, pk)
    if request.method == "POST":
        services.organization_delete(organization=organization)
        messages.success(request, f"{organization} deleted.")
        return redirect("contacts:organization_list")
    return render(
        request,
        "contacts/organization_confirm_delete.html",
        {
            "organization": organization,
            "impact": selectors.organization_deletion_impact(organization),
        },
    )


@require_http_methods(["GET", "POST"])
def affiliation_create(request, contact_pk: int):
    contact = get_contact_for_user(request.user, contact_pk)
    form = AffiliationForm(request.POST or None, user=request.user)
    if form.is_valid():
        affiliation = services.affiliation_create(contact=contact, **form.cleaned_data)
        messages.success(request, f"Added {contact} at {affiliation.organization}.")
        return redirect(contact)
    return render(request, "contacts/affiliation_form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
def affiliation_update(request, pk: int):
    affiliation = get_affiliation_for_user(request.user, pk)
    form = AffiliationForm(request.POST or None, user=request.user, instance=affiliation)
    if form.is_valid():
        services.affiliation_update(affiliation=affiliation, **form.cleaned_data)
        messages.success(request, f"{affiliation.contact}'s affiliation saved.")
        return redirect(affiliation.contact)
    return render(
        request,
        "contacts/affiliation_form.html",
        {"form": form, "contact": affiliation.contact, "affiliation": affiliation},
    )


@require_http_methods(["GET", "POST"])
def affiliation_delete(request, pk: int):
    affiliation = get_affiliation_for_user(request.user, pk)
    if request.method == "POST":
        services.affiliation_delete(affiliation=affiliation)
        messages.success(request, f"Removed {affiliation.contact} from {affiliation.organization}.")
        return redirect(affiliation.contact)
    return render(request, "contacts/affiliation_confirm_delete.html", {"affiliation": affiliation})
