"""The admin for contacts, organizations, tags, affiliations and memberships.

Scoped per owner by contacts.admin_scoping; bulk actions call contacts.services.bulk (shared with
the contact list's bulk edit) and report what they changed. See docs/admin.md.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportExportMixin

from accounts.models import User
from contacts.admin_import_export import ContactResource, OrganizationResource, SafeCSV
from contacts.admin_scoping import (
    OwnerConsistentForm,
    OwnerScopedAdmin,
    OwnerScopedInline,
    sees_everything,
)
from contacts.exporting.csv import contacts_csv
from contacts.exporting.vcard import contacts_vcards
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    DuplicateDismissal,
    Membership,
    Organization,
    RelationshipType,
    SocialProfile,
    Tag,
    Tier,
)
from contacts.phones import normalize_phone
from contacts.selectors.exporting import contacts_for_export
from contacts.services import bulk
from contacts.services.merge import MergeError, contacts_merge, merge_fields_default
from contacts.services.search import contacts_refresh_search_text
from contacts.services.tags import tag_rename
from interactions.services.health import health_attention_sync, health_recompute_on_commit
from interactions.services.network import network_counts_refresh

# --- Inlines on a contact ----------------------------------------------------------------------


class ContactPhoneForm(OwnerConsistentForm):
    def clean_number(self):
        return normalize_phone(self.cleaned_data["number"])


class ContactEmailInline(OwnerScopedInline, admin.TabularInline):
    model = ContactEmail


class ContactPhoneInline(OwnerScopedInline, admin.TabularInline):
    model = ContactPhone
    form = ContactPhoneForm


class SocialProfileInline(OwnerScopedInline, admin.TabularInline):
    model = SocialProfile


class AffiliationInline(OwnerScopedInline, admin.TabularInline):
    model = Affiliation
    autocomplete_fields = ("organization",)
    fields = ("organization", "role", "start_date", "end_date", "is_current")


# --- Bulk actions ------------------------------------------------------------------------------


class ContactActionForm(ActionForm):
    """The changelist's action bar: the value an action sets, next to the action picked."""

    tag_names = forms.CharField(
        required=False, label="Tags", help_text="Comma-separated, for the tag actions."
    )
    tier = forms.ChoiceField(required=False, choices=[("", "Closeness…"), *Tier.choices])
    # Text, checked by the action: Django answers "No action selected" to any invalid field here.
    cadence_days = forms.CharField(
        required=False, label="Cadence (days)", widget=forms.NumberInput(attrs={"min": 1})
    )
    relationship_type = forms.ChoiceField(
        required=False, choices=[("", "Relationship…"), *RelationshipType.choices]
    )


def _owners_of(request, queryset):
    """(owner, their rows in the selection) pairs: the services always work for one owner.

    A non-superuser's selection is theirs already; a superuser's may mix owners, handled in turn.
    """
    if not sees_everything(request.user):
        return [(request.user, queryset)]
    owner_ids = queryset.order_by().values_list("owner_id", flat=True).distinct()
    return [
        (owner, queryset.filter(owner=owner)) for owner in User.objects.filter(pk__in=owner_ids)
    ]


def _run(request, queryset, service, **kwargs) -> bulk.BulkOutcome:
    matched = changed = 0
    for owner, rows in _owners_of(request, queryset):
        outcome = service(owner=owner, contact_ids=rows, **kwargs)
        matched += outcome.matched
        changed += outcome.changed
    return bulk.BulkOutcome(matched=matched, changed=changed)


def _report(modeladmin, request, outcome: bulk.BulkOutcome, did: str) -> None:
    noun = "contact" if outcome.changed == 1 else "contacts"
    message = f"{did[:1].upper()}{did[1:]} {outcome.changed} {noun}"
    if outcome.unchanged:
        message += f"; {outcome.unchanged} already were"
    modeladmin.message_user(request, message + ".", messages.SUCCESS)


def _tag_names(request) -> list[str]:
    names = (" ".join(name.split()) for name in request.POST.get("tag_names", "").split(","))
    return [name for name in names if name]


@admin.action(description="Add tags (from the Tags field)", permissions=["change"])
def add_tags(modeladmin, request, queryset):
    names = _tag_names(request)
    if not names:
        modeladmin.message_user(request, "Type the tags to add in the Tags field.", messages.ERROR)
        return
    outcome = _run(request, queryset, bulk.contacts_bulk_tag, tag_names=names)
    _report(modeladmin, request, outcome, f"tagged “{', '.join(names)}”:")


@admin.action(description="Remove tags (from the Tags field)", permissions=["change"])
def remove_tags(modeladmin, request, queryset):
    names = _tag_names(request)
    if not names:
        modeladmin.message_user(
            request, "Type the tags to remove in the Tags field.", messages.ERROR
        )
        return
    outcome = _run(request, queryset, bulk.contacts_bulk_untag, tag_names=names)
    modeladmin.message_user(
        request,
        f"Removed “{', '.join(names)}” from {outcome.changed} of {outcome.matched} contacts.",
        messages.SUCCESS,
    )


@admin.action(description="Set closeness (from the Closeness field)", permissions=["change"])
def set_tier(modeladmin, request, queryset):
    tier = request.POST.get("tier", "")
    if tier not in Tier.values:
        modeladmin.message_user(request, "Pick a closeness to set.", messages.ERROR)
        return
    outcome = _run(request, queryset, bulk.contacts_bulk_set_tier, tier=tier)
    _report(modeladmin, request, outcome, f"set to {Tier(tier).label}:")


@admin.action(description="Set keep-in-touch cadence (blank: the tier's)", permissions=["change"])
def set_cadence(modeladmin, request, queryset):
    raw = request.POST.get("cadence_days", "").strip()
    if raw and not (raw.isdecimal() and 1 <= int(raw) <= 3650):
        modeladmin.message_user(request, "A cadence is 1 to 3650 days.", messages.ERROR)
        return
    cadence = int(raw) if raw else None
    outcome = _run(request, queryset, bulk.contacts_bulk_set_cadence, cadence_days=cadence)
    label = f"every {cadence} days" if cadence else "the tier's cadence"
    _report(modeladmin, request, outcome, f"set to {label}:")


@admin.action(description="Set relationship type (blank clears it)", permissions=["change"])
def set_relationship_type(modeladmin, request, queryset):
    value = request.POST.get("relationship_type", "")
    if value and value not in RelationshipType.values:
        modeladmin.message_user(request, "Pick a relationship type.", messages.ERROR)
        return
    outcome = _run(
        request, queryset, bulk.contacts_bulk_set_relationship_type, relationship_type=value
    )
    label = RelationshipType(value).label if value else "no relationship type"
    _report(modeladmin, request, outcome, f"set to {label}:")


@admin.action(description="Archive", permissions=["change"])
def archive(modeladmin, request, queryset):
    _report(modeladmin, request, _run(request, queryset, bulk.contacts_bulk_archive), "archived")


@admin.action(description="Unarchive", permissions=["change"])
def unarchive(modeladmin, request, queryset):
    outcome = _run(request, queryset, bulk.contacts_bulk_unarchive)
    noun = "contact" if outcome.changed == 1 else "contacts"
    modeladmin.message_user(
        request,
        f"Brought back {outcome.changed} {noun}; {outcome.unchanged} were not archived.",
        messages.SUCCESS,
    )


@admin.action(description="Recompute health", permissions=["change"])
def recompute_health(modeladmin, request, queryset):
    outcome = _run(request, queryset, bulk.contacts_bulk_recompute_health)
    modeladmin.message_user(
        request,
        f"The health of {outcome.changed} contacts is being recomputed in the background.",
        messages.SUCCESS,
    )


@admin.action(description="Export as CSV", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return _export(request, queryset, contacts_csv, "text/csv", "csv")


@admin.action(description="Export as vCard", permissions=["view"])
def export_vcard(modeladmin, request, queryset):
    return _export(request, queryset, contacts_vcards, "text/vcard", "vcf")


def _export(request, queryset, writer, content_type: str, extension: str) -> HttpResponse:
    text = "".join(
        writer(contacts_for_export(user=owner, contact_ids=rows))
        for owner, rows in _owners_of(request, queryset)
    )
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contacts.{extension}"'
    return response


@admin.action(description="Merge two duplicates…", permissions=["change", "delete"])
def merge_two(modeladmin, request, queryset):
    pair = list(queryset.order_by("created_at", "pk")[:3])
    if len(pair) != 2 or pair[0].owner_id != pair[1].owner_id:
        modeladmin.message_user(
            request, "Select exactly two contacts of the same owner to merge.", messages.ERROR
        )
        return None
    if request.POST.get("survivor"):
        survivor = next((c for c in pair if str(c.pk) == request.POST["survivor"]), None)
        if survivor is None:
            modeladmin.message_user(request, "Pick which contact stays.", messages.ERROR)
            return None
        duplicate = pair[1] if survivor is pair[0] else pair[0]
        try:
            contacts_merge(
                owner=survivor.owner,
                survivor=survivor,
                duplicate=duplicate,
                fields=merge_fields_default(survivor=survivor, duplicate=duplicate),
            )
        except MergeError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            f"Merged {duplicate.display_name} into {survivor.display_name}: everything moved.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:contacts_contact_change", args=[survivor.pk]))
    return TemplateResponse(
        request,
        "admin/contacts/contact/merge_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Merge two contacts",
            "pair": pair,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


# --- Model admins ------------------------------------------------------------------------------


class _NetworkCounted:
    """The admin writes contacts and organizations itself: the dashboard's counts of them
    (NetworkCount) follow each save and delete, for every owner concerned."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        network_counts_refresh(owner=obj.owner)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        network_counts_refresh(owner=obj.owner)

    def delete_queryset(self, request, queryset):
        owners = list(User.objects.filter(pk__in=queryset.order_by().values("owner_id")))
        super().delete_queryset(request, queryset)
        for owner in owners:
            network_counts_refresh(owner=owner)


class ArchivedFilter(admin.SimpleListFilter):
    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return (("no", "Active"), ("yes", "Archived"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Contact)
class ContactAdmin(_NetworkCounted, ImportExportMixin, OwnerScopedAdmin):
    resource_classes = [ContactResource]
    import_formats = [SafeCSV]
    export_formats = [SafeCSV]
    action_form = ContactActionForm
    actions = [
        add_tags,
        remove_tags,
        set_tier,
        set_cadence,
        set_relationship_type,
        archive,
        unarchive,
        recompute_health,
        merge_two,
        export_csv,
        export_vcard,
    ]
    list_display = (
        "display_name",
        "tier",
        "health_score",
        "organizations",
        "tag_names",
        "is_archived",
        "related",
    )
    list_filter = (
        "tier",
        "relationship_type",
        ArchivedFilter,
        ("tags", admin.RelatedOnlyFieldListFilter),
        "health__band",
    )
    list_select_related = ("health",)
    search_fields = ("display_name", "first_name", "last_name", "nickname", "emails__email")
    autocomplete_fields = ("introduced_by", "tags")
    date_hierarchy = "created_at"
    inlines = (ContactEmailInline, ContactPhoneInline, SocialProfileInline, AffiliationInline)
    readonly_fields = ("created_at", "updated_at", "archived_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "owner",
                    "display_name",
                    ("prefix", "first_name", "middle_name", "last_name", "suffix"),
                    "nickname",
                    "photo",
                    "job_title",
                    "location",
                    ("birthday_day", "birthday_month", "birthday_year"),
                )
            },
        ),
        (
            "Relationship",
            {
                "fields": (
                    "tier",
                    "cadence_days",
                    "relationship_type",
                    "introduced_by",
                    "how_we_met",
                    "tags",
                    "notes",
                )
            },
        ),
        ("Dates", {"fields": ("created_at", "updated_at", "archived_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if sees_everything(request.user):
            return fieldsets
        first = dict(fieldsets[0][1])
        first["fields"] = tuple(f for f in first["fields"] if f != "owner")
        return ((fieldsets[0][0], first), *fieldsets[1:])

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags", "affiliations__organization")

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    # Not "health": that name is the reverse one-to-one, which the admin would show instead.
    @admin.display(description="Health", ordering="health__score")
    def health_score(self, contact):
        health = getattr(contact, "health", None)
        return f"{health.score} ({health.get_band_display()})" if health else "—"

    @admin.display(description="Organizations")
    def organizations(self, contact):
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("admin:contacts_organization_change", args=[a.organization_id]),
                    a.organization.name,
                )
                for a in contact.affiliations.all()
                if a.is_current
            ),
        )

    @admin.display(description="Tags")
    def tag_names(self, contact):
        return ", ".join(tag.name for tag in contact.tags.all())

    @admin.display(description="Archived", boolean=True, ordering="archived_at")
    def is_archived(self, contact):
        return contact.archived_at is not None

    @admin.display(description="Related")
    def related(self, contact):
        return format_html(
            '<a href="{}?participants__id__exact={}">interactions</a> · '
            '<a href="{}?contact__id__exact={}">reminders</a>',
            reverse("admin:interactions_interaction_changelist"),
            contact.pk,
            reverse("admin:reminders_reminder_changelist"),
            contact.pk,
        )

    def save_model(self, request, obj, form, change):
        self._cadence_changed = change and {"tier", "cadence_days"} & set(form.changed_data)
        self._tier_changed = change and "tier" in form.changed_data
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Names, emails and tags typed here are what search reads.
        contacts_refresh_search_text(contact_ids=[form.instance.pk])
        if getattr(self, "_tier_changed", False):
            health_attention_sync(contact_ids=[form.instance.pk])
        if getattr(self, "_cadence_changed", False):
            health_recompute_on_commit(contact_ids=[form.instance.pk])
            bulk.keep_in_touch_resync(contact_ids=[form.instance.pk])


@admin.register(Organization)
class OrganizationAdmin(_NetworkCounted, ImportExportMixin, OwnerScopedAdmin):
    resource_classes = [OrganizationResource]
    import_formats = [SafeCSV]
    export_formats = [SafeCSV]
    list_display = ("name", "kind", "industry", "website", "people")
    list_filter = ("kind",)
    search_fields = ("name", "industry")

    def get_queryset(self, request):
        # Meta.ordering does not apply to a GROUP BY: pickers and pages need it.
        queryset = super().get_queryset(request).annotate(people_count=Count("affiliations"))
        return queryset.order_by(*Organization._meta.ordering)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    @admin.display(description="People", ordering="people_count")
    def people(self, organization):
        return format_html(
            '<a href="{}?organization__id__exact={}">{}</a>',
            reverse("admin:contacts_affiliation_changelist"),
            organization.pk,
            organization.people_count,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        contacts_refresh_search_text(
            contact_ids=obj.affiliations.values_list("contact_id", flat=True)
        )


@admin.register(Tag)
class TagAdmin(OwnerScopedAdmin):
    list_display = ("name", "contact_count")
    search_fields = ("name",)

    def get_queryset(self, request):
        # Meta.ordering does not apply to a GROUP BY: pickers and pages need it.
        queryset = super().get_queryset(request).annotate(contact_count=Count("contacts"))
        return queryset.order_by(*Tag._meta.ordering)

    @admin.display(description="Contacts", ordering="contact_count")
    def contact_count(self, tag):
        return format_html(
            '<a href="{}?tags__id__exact={}">{}</a>',
            reverse("admin:contacts_contact_changelist"),
            tag.pk,
            tag.contact_count,
        )

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            # A rename into an existing name merges the two, and contacts' search text follows.
            tag_rename(tag=Tag.objects.get(pk=obj.pk), name=obj.name)
            return
        super().save_model(request, obj, form, change)


@admin.register(Affiliation)
class AffiliationAdmin(OwnerScopedAdmin):
    list_display = ("contact", "organization", "role", "is_current", "start_date", "end_date")
    list_filter = ("is_current", ("organization", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("contact", "organization")
    search_fields = ("contact__display_name", "organization__name", "role")
    autocomplete_fields = ("contact", "organization")


@admin.register(Membership)
class MembershipAdmin(OwnerScopedAdmin):
    list_display = ("organization", "role", "title", "is_current", "start_date", "end_date")
    list_filter = ("role", "is_current")
    list_select_related = ("organization",)
    search_fields = ("organization__name", "title")
    autocomplete_fields = ("organization",)


class _ContactChildAdmin(OwnerScopedAdmin):
    list_select_related = ("contact",)
    autocomplete_fields = ("contact",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        contacts_refresh_search_text(contact_ids=[obj.contact_id])


@admin.register(ContactEmail)
class ContactEmailAdmin(_ContactChildAdmin):
    list_display = ("email", "label", "contact")
    search_fields = ("email", "contact__display_name")


@admin.register(ContactPhone)
class ContactPhoneAdmin(_ContactChildAdmin):
    form = ContactPhoneForm
    list_display = ("number", "label", "contact")
    search_fields = ("number", "contact__display_name")


@admin.register(SocialProfile)
class SocialProfileAdmin(_ContactChildAdmin):
    list_display = ("url", "network", "contact")
    list_filter = ("network",)
    search_fields = ("url", "contact__display_name")


@admin.register(DuplicateDismissal)
class DuplicateDismissalAdmin(OwnerScopedAdmin):
    list_display = ("contact", "other", "created_at")
    list_select_related = ("contact", "other")
    autocomplete_fields = ("contact", "other")
    search_fields = ("contact__display_name", "other__display_name")
