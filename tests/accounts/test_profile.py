import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def profile_data(**overrides) -> dict:
    return {
        "display_name": "Olivia O.",
        "email": "olivia@example.org",
        "time_zone": "America/New_York",
        **overrides,
    }


def test_it_shows_the_users_current_settings(owner_client, owner):
    response = owner_client.get(PROFILE_URL)

    html = response.content.decode()
    assert 'value="Olivia Owner"' in html
    assert f'value="{owner.email}"' in html
    assert '<option value="Europe/Paris" selected>Paris</option>' in html
    assert f'href="{reverse("accounts:password_change")}"' in html


def test_it_saves_the_profile_and_says_so(owner_client, owner):
    response = owner_client.post(PROFILE_URL, profile_data(), follow=True)

    owner.refresh_from_db()
    assert (owner.display_name, owner.email, owner.time_zone) == (
        "Olivia O.",
        "olivia@example.org",
        "America/New_York",
    )
    html = response.content.decode()
    assert "Your profile is saved." in html
    # The navigation greets the user by the new name straight away.
    assert "Olivia O." in html


def test_the_domain_of_the_email_is_normalised(owner_client, owner):
    owner_client.post(PROFILE_URL, profile_data(email="Olivia@EXAMPLE.org"))

    owner.refresh_from_db()
    assert owner.email == "Olivia@example.org"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Moon/Tranquility", "is not a time zone we know"),
        ("time_zone", "", "This field is required."),
        ("email", "", "This field is required."),
        ("email", "olivia@", "Enter a valid email address."),
        ("display_name", "x" * 151, "Ensure this value has at most 150 characters"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_changes(owner_client, owner, field, value, message):
    response = owner_client.post(PROFILE_URL, profile_data(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    owner.refresh_from_db()
    assert (owner.display_name, owner.time_zone) == ("Olivia Owner", "Europe/Paris")


def test_an_old_zone_alias_stays_selected_and_survives_a_save(client):
    user = UserFactory(username="legacy", time_zone="US/Eastern", display_name="Lee")
    client.force_login(user)

    page = client.get(PROFILE_URL).content.decode()
    client.post(PROFILE_URL, profile_data(display_name="Lee", time_zone="US/Eastern"))

    assert '<option value="US/Eastern" selected>US/Eastern</option>' in page
    user.refresh_from_db()
    assert user.time_zone == "US/Eastern"


def test_it_checks_ownership(stranger_client, owner, stranger):
    """The profile page has no id to guess: it only ever edits whoever is signed in."""
    stranger_client.post(PROFILE_URL, profile_data(display_name="Hijacked"))

    owner.refresh_from_db()
    stranger.refresh_from_db()
    assert owner.display_name == "Olivia Owner"
    assert stranger.display_name == "Hijacked"


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={PROFILE_URL}"


def test_it_saves_the_days_to_follow_up_after_an_event(owner_client, owner):
    assert (
        'name="after_event_follow_up_days" value="2"'
        in owner_client.get(PROFILE_URL).content.decode()
    )

    owner_client.post(PROFILE_URL, profile_data(after_event_follow_up_days="5"))
    owner.refresh_from_db()
    assert owner.after_event_follow_up_days == 5

    # Left out, it is kept; out of range, it is refused with the reason.
    owner_client.post(PROFILE_URL, profile_data())
    owner.refresh_from_db()
    assert owner.after_event_follow_up_days == 5
    response = owner_client.post(PROFILE_URL, profile_data(after_event_follow_up_days="61"))
    assert "less than or equal to 60" in response.content.decode()


def test_moving_to_another_zone_resyncs_reminders_in_the_background(
    owner_client, owner, django_capture_on_commit_callbacks, monkeypatch
):
    from reminders import tasks

    queued = []
    monkeypatch.setattr(tasks.sync_owner_reminders, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(PROFILE_URL, profile_data(time_zone="Europe/Paris"))
    assert queued == []  # the same zone as before
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(PROFILE_URL, profile_data(time_zone="Asia/Tokyo"))
    assert queued == [owner.pk]
