from django.urls import path

from contacts.views import (
    autocomplete,
    bulk,
    contacts,
    duplicates,
    memberships,
    organizations,
    tags,
)

app_name = "contacts"

urlpatterns = [
    # Contacts
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_update, name="contact_update"),
    path("contacts/<int:pk>/archive/", contacts.contact_archive, name="contact_archive"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/photo/", contacts.contact_photo, name="contact_photo"),
    path("contacts/email-check/", contacts.contact_email_check, name="contact_email_check"),
    # Bulk edits and duplicates
    path("contacts/bulk/", bulk.contact_bulk, name="contact_bulk"),
    path("contacts/duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path(
        "contacts/<int:pk>/merge/<int:other_pk>/",
        duplicates.contact_merge,
        name="contact_merge",
    ),
    path(
        "contacts/<int:pk>/not-duplicate/<int:other_pk>/",
        duplicates.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    # Affiliations: a contact's roles at organizations
    path(
        "contacts/<int:contact_pk>/affiliations/new/",
        organizations.affiliation_create,
        name="affiliation_create",
    ),
    path(
        "affiliations/<int:pk>/edit/", organizations.affiliation_update, name="affiliation_update"
    ),
    path(
        "affiliations/<int:pk>/delete/", organizations.affiliation_delete, name="affiliation_delete"
    ),
    # Organizations
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path(
        "organizations/<int:pk>/edit/",
        organizations.organization_update,
        name="organization_update",
    ),
    path(
        "organizations/<int:pk>/delete/",
        organizations.organization_delete,
        name="organization_delete",
    ),
    # The user's own memberships
    path("memberships/", memberships.membership_list, name="membership_list"),
    path("memberships/new/", memberships.membership_create, name="membership_create"),
    path("memberships/<int:pk>/edit/", memberships.membership_update, name="membership_update"),
    path("memberships/<int:pk>/delete/", memberships.membership_delete, name="membership_delete"),
    # Tags
    path("tags/", tags.tag_list, name="tag_list"),
    path("tags/<int:pk>/", tags.tag_detail, name="tag_detail"),
    path("tags/<int:pk>/edit/", tags.tag_update, name="tag_update"),
    path("tags/<int:pk>/delete/", tags.tag_delete, name="tag_delete"),
    # Pickers: JSON {"results": [{"value": id, "text": label}]}, scoped to the user
    path("autocomplete/contacts/", autocomplete.contacts, name="contact_autocomplete"),
    path(
        "autocomplete/organizations/", autocomplete.organizations, name="organization_autocomplete"
    ),
    path("autocomplete/tags/", autocomplete.tags, name="tag_autocomplete"),
]
