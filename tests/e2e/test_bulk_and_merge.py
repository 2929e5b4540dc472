"""In a browser: tagging several contacts at once from the list, and merging a duplicate pair
from the duplicates page, picking fields side by side."""

from playwright.sync_api import expect

from contacts.models import Contact
from tests.factories import ContactEmailFactory, ContactFactory, InteractionFactory, UserFactory


def test_tagging_three_contacts_from_the_list(browser_page):
    owner = UserFactory(username="olivia", display_name="Olivia Owner")
    for first, last in [
        ("Ana", "Lima"),
        ("Ben", "Okafor"),
        ("Chloé", "Martin"),
        ("Dario", "Rossi"),
    ]:
        ContactFactory(
            owner=owner, first_name=first, last_name=last, display_name=f"{first} {last}"
        )
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/contacts/")
    bar = page.locator("#bulk-bar")
    # Only what the chosen action needs is shown.
    expect(bar.get_by_label("Tags")).to_be_hidden()
    for name in ("Ana Lima", "Ben Okafor", "Dario Rossi"):
        page.get_by_label(f"Select {name}").check()
    expect(bar).to_contain_text("3 selected")
    bar.get_by_label("With the selected").select_option(label="Add tags")
    bar.get_by_label("Tags").fill("Web Summit 2026, follow up")
    browser_page.shoot("list-ticked")
    bar.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name="Add “Web Summit 2026”, “follow up” to 3 contacts?")
    ).to_be_visible()
    browser_page.shoot("confirm")
    page.get_by_role("button", name="Yes, change 3 contacts").click()

    expect(page.locator("#messages")).to_contain_text(
        "Done: add “Web Summit 2026”, “follow up” to 3 contacts."
    )
    tagged = Contact.objects.filter(tags__name="Web Summit 2026").values_list(
        "display_name", flat=True
    )
    assert sorted(tagged) == ["Ana Lima", "Ben Okafor", "Dario Rossi"]
    expect(page.locator("#contact-results").get_by_text("Web Summit 2026")).to_have_count(3)
    browser_page.shoot("list-tagged")


def test_merging_a_duplicate_from_the_duplicates_page(browser_page):
    owner = UserFactory(username="olivia", display_name="Olivia Owner")
    ana = ContactFactory(
        owner=owner,
        first_name="Ana",
        last_name="Lima",
        display_name="Ana Lima",
        job_title="Designer",
    )
    again = ContactFactory(
        owner=owner,
        first_name="Ana",
        last_name="Lima",
        display_name="Ana M. Lima",
        job_title="Design lead",
        notes="Climbs on weekends.",
    )
    ContactEmailFactory(contact=ana, email="ana@example.org")
    ContactEmailFactory(contact=again, email="ANA@example.org")
    ContactEmailFactory(contact=again, email="ana.lima@studio.example")
    InteractionFactory(owner=owner, participants=[again], summary="Coffee at the studio")
    ContactFactory(owner=owner, display_name="Ben Okafor")
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/contacts/")
    page.get_by_role("link", name="Possible duplicates").click()
    expect(page.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    expect(page.locator("main")).to_contain_text("same email")
    browser_page.shoot("duplicates")
    page.get_by_role("link", name="Compare and merge").click()

    expect(page.get_by_role("heading", name="Merge Ana Lima and Ana M. Lima")).to_be_visible()
    page.get_by_label("Design lead").check()
    browser_page.shoot("merge-page")
    page.get_by_role("button", name="Merge into one contact").click()

    expect(page.locator("#messages")).to_contain_text("Ana M. Lima was merged into Ana Lima")
    expect(page.get_by_role("heading", name="Ana Lima", exact=True)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Design lead")
    expect(main).to_contain_text("ana.lima@studio.example")
    expect(main.get_by_role("link", name="Coffee at the studio")).to_be_visible()
    browser_page.shoot("merged-contact")
    merged = Contact.objects.get(owner=owner, first_name="Ana")
    assert (merged.pk, merged.job_title, merged.notes) == (
        ana.pk,
        "Design lead",
        "Climbs on weekends.",
    )

    page.goto("/contacts/duplicates/")
    expect(page.get_by_text("No possible duplicates")).to_be_visible()


def test_a_staff_member_tags_their_contacts_from_the_admin(browser_page):
    from django.contrib.auth.models import Permission

    staff = UserFactory(username="stella", display_name="Stella Staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="contacts"))
    for name in ("Ana Lima", "Ben Okafor"):
        ContactFactory(owner=staff, display_name=name)
    ContactFactory(owner=UserFactory(username="someone"), display_name="Not Hers")
    browser_page.log_in(staff)
    page = browser_page.page

    page.goto("/admin/contacts/contact/")
    expect(page.locator("#result_list")).to_contain_text("Ana Lima")
    expect(page.locator("#result_list")).not_to_contain_text("Not Hers")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("add_tags")
    page.locator("input[name=tag_names]").fill("admin-tagged")
    browser_page.shoot("admin-changelist")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text("Tagged “admin-tagged”: 2 contacts.")
    expect(page.locator("#result_list")).to_contain_text("admin-tagged")
    browser_page.shoot("admin-tagged")
    assert Contact.objects.filter(tags__name="admin-tagged").count() == 2
