"""django-import-export in the admin for contacts and organizations, scoped to the acting user.

An import previews as a dry run first (the library's confirm step), reports each row's errors
(model validation, unknown choices, ids that are not the importer's), and creates rows owned by
the importer: an id in the file matches only one of the importer's own rows, never anyone else's,
whoever imports (a superuser too). Only CSV is offered, written through the OWASP neutralizer of
contacts.exporting.csv: the library's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a
leading "=" (it misses +, -, @, tab and carriage return, and changes the value), so it stays off.
"""

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.formats.base_formats import CSV

from contacts.exporting.csv import neutralize_formula, restore_formula
from contacts.models import Affiliation, Contact, Organization
from contacts.services.contacts import display_name_from_parts, tags_from_names
from contacts.services.search import contacts_refresh_search_text
from interactions.services.health import health_recompute_on_commit
from interactions.services.network import network_counts_refresh

TAG_SEPARATOR = ";"


class SafeCSV(CSV):
    """CSV whose exported cells cannot run as spreadsheet formulas, and whose import reads back
    what it exported (the neutralizing apostrophe removed)."""

    def export_data(self, dataset, **kwargs):
        safe = tablib.Dataset(headers=[neutralize_formula(h) for h in dataset.headers or []])
        for row in dataset:
            safe.append([neutralize_formula(cell) for cell in row])
        return super().export_data(safe, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        restored = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            restored.append(
                [restore_formula(cell) if isinstance(cell, str) else cell for cell in row]
            )
        return restored


class OwnedResource(resources.ModelResource):
    """Rows of the importing (or exporting) user only; new rows are theirs."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_queryset(self):
        return self._meta.model.objects.filter(owner=self.user)

    def init_instance(self, row=None):
        given = str((row or {}).get("id") or "").strip()
        if given:
            # Not found among the importer's rows: another user's, or deleted. Creating a row with
            # that id would overwrite theirs, so the row is refused instead.
            raise ValidationError(
                f"No {self._meta.model._meta.verbose_name} with id {given} among yours: "
                "leave the id empty to add a new one."
            )
        return self._meta.model(owner=self.user)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.owner = self.user

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # Rows were added or changed past the services: the dashboard's counts of them.
        network_counts_refresh(owner=self.user)


class ContactResource(OwnedResource):
    tags = fields.Field(column_name="tags", attribute=None)
    emails = fields.Field(column_name="emails", readonly=True)
    phones = fields.Field(column_name="phones", readonly=True)

    class Meta:
        model = Contact
        fields = (
            "id",
            "display_name",
            "prefix",
            "first_name",
            "middle_name",
            "last_name",
            "suffix",
            "nickname",
            "job_title",
            "location",
            "tier",
            "cadence_days",
            "relationship_type",
            "how_we_met",
            "notes",
            "tags",
            "emails",
            "phones",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def dehydrate_tags(self, contact):
        return f"{TAG_SEPARATOR} ".join(tag.name for tag in contact.tags.all())

    def dehydrate_emails(self, contact):
        return "; ".join(email.email for email in contact.emails.all())

    def dehydrate_phones(self, contact):
        return "; ".join(phone.number for phone in contact.phones.all())

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags", "emails", "phones")

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.display_name:
            instance.display_name = display_name_from_parts(
                prefix=instance.prefix,
                first_name=instance.first_name,
                middle_name=instance.middle_name,
                last_name=instance.last_name,
                suffix=instance.suffix,
            )

    def save_m2m(self, instance, row, **kwargs):
        if "tags" in row:
            names = str(row.get("tags") or "").split(TAG_SEPARATOR)
            instance.tags.set(tags_from_names(owner=self.user, names=names))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        ids = [row.object_id for row in result.rows if row.object_id and not row.errors]
        # Also on a dry run, which is rolled back afterwards: the preview shows what is true.
        contacts_refresh_search_text(contact_ids=ids)
        if not self._is_dry_run(kwargs):
            health_recompute_on_commit(contact_ids=ids)


class OrganizationResource(OwnedResource):
    class Meta:
        model = Organization
        fields = ("id", "name", "kind", "website", "industry", "notes")
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        # An organization's name is part of its people's search text.
        ids = [row.object_id for row in result.rows if row.object_id and not row.errors]
        people = Affiliation.objects.filter(organization_id__in=ids).values_list(
            "contact_id", flat=True
        )
        contacts_refresh_search_text(contact_ids=people)
