"""A staff user who is not a superuser sees and changes only their own rows in the admin:
changelists, change / delete / history views, add views, autocomplete, foreign-key and
many-to-many choices, list filters and actions. A superuser sees everyone's."""

import pytest
from django.contrib import admin
from django.urls import reverse

from contacts.models import Contact, ContactEmail, Tag
from interactions.models import Interaction
from reminders.models import Reminder
from tests.factories import (
    ContactFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
    TagFactory,
)

# Every owned model's admin, by its URL name; each gets a row of the staff user's and a stranger's.
OWNED = [
    "contacts_contact",
    "contacts_organization",
    "contacts_tag",
    "interactions_event",
    "interactions_interaction",
    "reminders_reminder",
]


@pytest.fixture
def rows(staff, stranger):
    def network(user, name):
        contact = ContactFactory(owner=user, display_name=f"{name} Contact", first_name=name)
        return {
            "contacts_contact": contact,
            "contacts_organization": OrganizationFactory(owner=user, name=f"{name} Org"),
            "contacts_tag": TagFactory(owner=user, name=f"{name}-tag"),
            "interactions_event": EventFactory(owner=user, name=f"{name} Summit"),
            "interactions_interaction": InteractionFactory(
                owner=user, participants=[contact], summary=f"{name} coffee"
            ),
            "reminders_reminder": ReminderFactory(
                owner=user, contact=contact, title=f"{name} follow-up"
            ),
        }

    return {"mine": network(staff, "Mine"), "theirs": network(stranger, "Theirs")}


@pytest.mark.parametrize("name", OWNED)
def test_a_changelist_lists_only_the_staff_users_rows(staff_client, rows, name):
    response = staff_client.get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [rows["mine"][name]]


@pytest.mark.parametrize("name", OWNED)
@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_users_row_is_a_404_in_every_object_view(staff_client, rows, name, view):
    theirs = rows["theirs"][name]
    mine = rows["mine"][name]

    assert staff_client.get(reverse(f"admin:{name}_{view}", args=[theirs.pk])).status_code == 404
    assert staff_client.post(reverse(f"admin:{name}_{view}", args=[theirs.pk])).status_code == 404
    assert staff_client.get(reverse(f"admin:{name}_{view}", args=[mine.pk])).status_code == 200
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_it_checks_ownership(staff_client, rows):
    theirs = rows["theirs"]["contacts_contact"]
    url = reverse("admin:contacts_contact_change", args=[theirs.pk])
    assert staff_client.get(url).status_code == 404


def _add_contact(client, **extra):
    data = {
        "display_name": "Nina New",
        "tier": "network",
        "emails-TOTAL_FORMS": "1",
        "emails-INITIAL_FORMS": "0",
        "emails-0-email": "nina@example.org",
        "emails-0-label": "work",
        "phones-TOTAL_FORMS": "0",
        "phones-INITIAL_FORMS": "0",
        "profiles-TOTAL_FORMS": "0",
        "profiles-INITIAL_FORMS": "0",
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(reverse("admin:contacts_contact_add"), data)


def test_a_contact_added_by_staff_is_theirs_with_its_inline_rows_whatever_owner_is_posted(
    staff_client, staff, stranger
):
    response = _add_contact(staff_client, owner=stranger.pk)

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact = Contact.objects.get(display_name="Nina New")
    assert contact.owner == staff
    assert ContactEmail.objects.get(contact=contact).owner == staff
    # What search reads is rebuilt from what the admin saved.
    assert "nina@example.org" in contact.search_text


def test_the_add_form_has_no_owner_field_for_staff(staff_client):
    form = staff_client.get(reverse("admin:contacts_contact_add")).context["adminform"].form

    assert "owner" not in form.fields
    assert list(form.fields["introduced_by"].queryset) == []


def test_foreign_key_and_many_to_many_choices_refuse_another_users_rows(staff_client, rows):
    response = _add_contact(
        staff_client,
        introduced_by=rows["theirs"]["contacts_contact"].pk,
        tags=[rows["theirs"]["contacts_tag"].pk],
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "introduced_by" in errors
    assert "tags" in errors
    assert not Contact.objects.filter(display_name="Nina New").exists()


def test_choices_offer_the_staff_users_own_rows(staff_client, rows):
    form = staff_client.get(reverse("admin:contacts_contact_add")).context["adminform"].form

    assert list(form.fields["introduced_by"].queryset) == [rows["mine"]["contacts_contact"]]
    assert list(form.fields["tags"].queryset) == [rows["mine"]["contacts_tag"]]


def test_an_inline_picker_refuses_another_users_organization(staff_client, rows):
    response = _add_contact(
        staff_client,
        **{
            "affiliations-TOTAL_FORMS": "1",
            "affiliations-0-organization": rows["theirs"]["contacts_organization"].pk,
            "affiliations-0-is_current": "on",
        },
    )

    assert response.status_code == 200
    assert not Contact.objects.filter(display_name="Nina New").exists()


@pytest.mark.parametrize(
    ("model", "field", "term"),
    [
        ("contact", "introduced_by", "contact"),
        ("contact", "tags", "tag"),
        ("affiliation", "organization", "org"),
        ("reminder", "event", "summit"),
        ("reminder", "interaction", "coffee"),
    ],
)
def test_autocomplete_answers_only_the_staff_users_rows(staff_client, rows, model, field, term):
    app = "reminders" if model == "reminder" else "contacts"
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
    )

    assert response.status_code == 200
    labels = [result["text"] for result in response.json()["results"]]
    assert labels and all(label.startswith("Mine") for label in labels), labels


def test_a_list_filter_offers_only_the_staff_users_tags(staff_client, rows):
    rows["mine"]["contacts_contact"].tags.add(rows["mine"]["contacts_tag"])
    rows["theirs"]["contacts_contact"].tags.add(rows["theirs"]["contacts_tag"])

    page = staff_client.get(reverse("admin:contacts_contact_changelist")).content.decode()

    assert "Mine-tag" in page
    assert "Theirs-tag" not in page


def test_an_action_posted_with_another_users_ids_changes_only_the_staff_users_rows(
    staff_client, rows
):
    ids = [rows["mine"]["contacts_contact"].pk, rows["theirs"]["contacts_contact"].pk]

    staff_client.post(
        reverse("admin:contacts_contact_changelist"),
        {"action": "archive", "_selected_action": ids},
    )

    assert Contact.objects.get(pk=ids[0]).archived_at is not None
    assert Contact.objects.get(pk=ids[1]).archived_at is None


def test_a_reminder_action_posted_with_another_users_ids_changes_only_theirs(staff_client, rows):
    ids = [rows["mine"]["reminders_reminder"].pk, rows["theirs"]["reminders_reminder"].pk]

    staff_client.post(
        reverse("admin:reminders_reminder_changelist"),
        {"action": "dismiss", "_selected_action": ids},
    )

    assert Reminder.objects.get(pk=ids[0]).status == "dismissed"
    assert Reminder.objects.get(pk=ids[1]).status == "open"


def test_the_superuser_sees_everyones_rows_and_their_owners(superuser_client, rows):
    response = superuser_client.get(reverse("admin:contacts_contact_changelist"))

    shown = set(response.context["cl"].result_list)
    assert shown == {rows["mine"]["contacts_contact"], rows["theirs"]["contacts_contact"]}
    assert "owner" in response.context["cl"].list_display


def test_a_superuser_cannot_link_rows_of_two_owners(superuser_client, rows, staff):
    response = _add_contact(
        superuser_client, owner=staff.pk, introduced_by=rows["theirs"]["contacts_contact"].pk
    )

    assert response.status_code == 200
    assert "introduced_by" in response.context["adminform"].form.errors


def test_a_superuser_adds_a_row_for_the_owner_they_pick(superuser_client, staff):
    response = _add_contact(superuser_client, owner=staff.pk)

    assert response.status_code == 302
    contact = Contact.objects.get(display_name="Nina New")
    assert contact.owner == staff
    assert ContactEmail.objects.get(contact=contact).owner == staff


def test_an_interaction_edited_in_the_admin_keeps_its_participations_owned_and_in_step(
    staff_client, staff, rows
):
    interaction = rows["mine"]["interactions_interaction"]
    other = ContactFactory(owner=staff, display_name="Mine Second")
    participation = interaction.participations.get()
    data = {
        "occurred_at_0": "2026-03-04",
        "occurred_at_1": "10:00:00",
        "kind": "call",
        "initiated_by": "me",
        "summary": "Mine call",
        "value": "",
        "participations-TOTAL_FORMS": "2",
        "participations-INITIAL_FORMS": "1",
        "participations-0-id": participation.pk,
        "participations-0-interaction": interaction.pk,
        "participations-0-contact": participation.contact_id,
        "participations-1-contact": other.pk,
    }

    response = staff_client.post(
        reverse("admin:interactions_interaction_change", args=[interaction.pk]), data
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    rows_after = interaction.participations.all()
    assert {p.contact_id for p in rows_after} == {participation.contact_id, other.pk}
    assert {(p.owner_id, p.kind, p.initiated_by) for p in rows_after} == {(staff.pk, "call", "me")}
    assert Interaction.objects.get(pk=interaction.pk).summary == "Mine call"


def test_staff_see_only_their_own_account_and_cannot_raise_their_privileges(
    staff_client, staff, stranger
):
    changelist = staff_client.get(reverse("admin:accounts_user_changelist"))
    assert list(changelist.context["cl"].result_list) == [staff]
    assert (
        staff_client.get(reverse("admin:accounts_user_change", args=[stranger.pk])).status_code
        == 404
    )

    form = staff_client.get(reverse("admin:accounts_user_change", args=[staff.pk]))
    assert "is_superuser" not in form.context["adminform"].form.fields
    assert staff_client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_a_tag_renamed_in_the_admin_into_an_existing_name_merges_them(staff_client, staff):
    ux, design = TagFactory(owner=staff, name="ux"), TagFactory(owner=staff, name="design")
    contact = ContactFactory(owner=staff, tags=[ux])

    staff_client.post(reverse("admin:contacts_tag_change", args=[ux.pk]), {"name": "Design"})

    assert list(Tag.objects.filter(owner=staff)) == [design]
    assert list(contact.tags.all()) == [design]


@pytest.mark.parametrize(
    "model",
    sorted(admin.site._registry, key=lambda m: m._meta.label),
    ids=lambda m: m._meta.label,
)
def test_every_registered_models_pages_open_for_the_superuser(superuser_client, rows, model):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    assert superuser_client.get(reverse(f"{name}_changelist")).status_code == 200
    add = superuser_client.get(reverse(f"{name}_add"))
    assert add.status_code in (200, 403)
    row = model.objects.first()
    if row is not None:
        assert superuser_client.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200


def test_view_on_site_redirects_only_to_the_users_own_rows(staff_client, rows):
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Contact).pk
    mine, theirs = rows["mine"]["contacts_contact"], rows["theirs"]["contacts_contact"]

    own = staff_client.get(reverse("admin:view_on_site", args=[kind, mine.pk]))
    other = staff_client.get(reverse("admin:view_on_site", args=[kind, theirs.pk]))

    assert own.status_code == 302 and own["Location"].endswith(mine.get_absolute_url())
    assert other.status_code == 404
