"""django-import-export in the admin: a dry-run preview, row-level errors, rows owned by the
importer (an id matches only their own rows), and CSV exports no spreadsheet runs as formulas."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, Organization
from tests.factories import ContactFactory, ContactPhoneFactory, OrganizationFactory, TagFactory

IMPORT = reverse("admin:contacts_contact_import")
PROCESS = reverse("admin:contacts_contact_process_import")


def _upload(client, text: str, url=IMPORT):
    upload = SimpleUploadedFile("contacts.csv", text.encode(), content_type="text/csv")
    return client.post(url, {"resource": "0", "format": "0", "import_file": upload})


def _confirm(client, preview, url=PROCESS):
    return client.post(url, preview.context["confirm_form"].initial)


def test_an_import_previews_first_and_creates_nothing_until_confirmed(staff_client, staff):
    text = "id,display_name,tier,tags\n,Ana Lima,close,ux; mentoring\n,Ben Okafor,network,\n"

    preview = _upload(staff_client, text)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new"]
    assert not Contact.objects.exists()

    done = _confirm(staff_client, preview)

    assert done.status_code == 302
    ana = Contact.objects.get(display_name="Ana Lima")
    assert ana.owner == staff and ana.tier == "close"
    assert sorted(t.name for t in ana.tags.all()) == ["mentoring", "ux"]
    assert {t.owner_id for t in ana.tags.all()} == {staff.pk}
    assert "mentoring" in ana.search_text


def test_an_import_updates_the_importers_own_row_by_id(staff_client, staff):
    mine = ContactFactory(owner=staff, display_name="Old name")

    preview = _upload(staff_client, f"id,display_name,tier\n{mine.pk},New name,inner\n")
    _confirm(staff_client, preview)

    mine.refresh_from_db()
    assert (mine.display_name, mine.tier) == ("New name", "inner")


def test_another_users_id_is_a_row_error_and_their_contact_is_untouched(staff_client, stranger):
    theirs = ContactFactory(owner=stranger, display_name="Theirs")

    preview = _upload(staff_client, f"id,display_name,tier\n{theirs.pk},Taken over,inner\n")

    result = preview.context["result"]
    assert result.has_validation_errors()
    message = str(result.invalid_rows[0].error)
    assert f"No contact with id {theirs.pk} among yours" in message
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    theirs.refresh_from_db()
    assert theirs.display_name == "Theirs" and theirs.owner == stranger


def test_bad_rows_are_reported_row_by_row_and_nothing_is_imported(staff_client):
    text = "id,display_name,tier,cadence_days\n,Good Row,close,\n,,best,\n,Bad Cadence,close,0\n"

    preview = _upload(staff_client, text)

    result = preview.context["result"]
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3}
    assert "tier" in invalid[2] and "display_name" in invalid[2]
    assert "cadence_days" in str(invalid[3]) or "__all__" in invalid[3]
    assert not Contact.objects.exists()


def test_the_csv_export_neutralizes_formulas_and_holds_only_the_staff_users_rows(
    staff_client, staff, stranger
):
    ana = ContactFactory(owner=staff, display_name='=HYPERLINK("http://x.example")')
    ana.tags.add(TagFactory(owner=staff, name="@home"))
    ContactPhoneFactory(contact=ana, number="+33612345678")
    ContactFactory(owner=stranger, display_name="Theirs")

    response = staff_client.post(
        reverse("admin:contacts_contact_export"),
        {
            "format": "0",
            "resource": "0",
            "contactresource_id": "on",
            "contactresource_display_name": "on",
            "contactresource_tags": "on",
            "contactresource_phones": "on",
        },
    )

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "id": str(ana.pk),
            "display_name": '\'=HYPERLINK("http://x.example")',
            "tags": "'@home",
            "phones": "'+33612345678",
        }
    ]


def test_an_exported_file_imports_back_unchanged(staff_client, staff):
    ana = ContactFactory(owner=staff, display_name="-Ana-", job_title="+1 engineer")
    exported = staff_client.post(
        reverse("admin:contacts_contact_export"),
        {
            "format": "0",
            "resource": "0",
            "contactresource_id": "on",
            "contactresource_display_name": "on",
            "contactresource_job_title": "on",
        },
    ).content.decode()

    preview = _upload(staff_client, exported)
    result = preview.context["result"]

    assert [row.import_type for row in result.rows] == ["skip"]
    assert Contact.objects.get(pk=ana.pk).display_name == "-Ana-"


def test_organizations_import_for_the_importer(staff_client, staff, stranger):
    theirs = OrganizationFactory(owner=stranger, name="Theirs")
    text = f"id,name,kind\n,Acme,company\n{theirs.pk},Taken,company\n"

    preview = _upload(staff_client, text, reverse("admin:contacts_organization_import"))

    result = preview.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert Organization.objects.get(pk=theirs.pk).name == "Theirs"


def test_a_superuser_import_is_scoped_to_the_superuser_too(superuser_client, staff):
    staffs = ContactFactory(owner=staff, display_name="Staff's")

    preview = _upload(superuser_client, f"id,display_name,tier\n{staffs.pk},Renamed,close\n")

    assert preview.context["result"].has_validation_errors()
    assert Contact.objects.get(pk=staffs.pk).display_name == "Staff's"
