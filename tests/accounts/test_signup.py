import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.services import user_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("accounts:signup")


def signup_data(**overrides) -> dict:
    return {
        "username": "ada",
        "email": "ada@example.com",
        "display_name": "Ada Lovelace",
        "time_zone": "Europe/London",
        "password1": "analytical engine 1843",
        "password2": "analytical engine 1843",
        **overrides,
    }


def test_it_creates_the_account_logs_in_and_welcomes_the_new_user(client):
    response = client.post(SIGNUP_URL, signup_data(), follow=True)

    user = User.objects.get(username="ada")
    assert user.email == "ada@example.com"
    assert user.display_name == "Ada Lovelace"
    assert user.time_zone == "Europe/London"
    assert user.check_password("analytical engine 1843")
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.wsgi_request.user == user
    assert "Welcome to Rapport, Ada Lovelace." in response.content.decode()


def test_the_page_offers_grouped_time_zones_and_detects_the_browsers_zone(client):
    response = client.get(SIGNUP_URL)

    html = response.content.decode()
    assert '<select name="time_zone"' in html
    assert "data-detect-time-zone" in html
    assert '<optgroup label="Europe">' in html
    assert '<option value="Europe/Paris">Paris</option>' in html
    assert '<option value="UTC" selected>UTC</option>' in html
    assert "/static/js/time-zone.js" in html
    assert 'href="/accounts/login/"' in html


def test_it_refuses_a_username_already_taken_whatever_its_case(client):
    UserFactory(username="ada")

    response = client.post(SIGNUP_URL, signup_data(username="ADA"))

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
    assert User.objects.filter(username__iexact="ada").count() == 1


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "localtime", "Factory", "europe/paris"])
def test_it_refuses_a_time_zone_that_is_not_a_place_it_knows(client, zone):
    response = client.post(SIGNUP_URL, signup_data(time_zone=zone))

    assert response.status_code == 200
    (error,) = response.context["form"].errors["time_zone"]
    assert "is not a time zone we know" in error
    assert not User.objects.filter(username="ada").exists()


def test_it_accepts_an_old_alias_a_browser_may_report(client):
    client.post(SIGNUP_URL, signup_data(time_zone="US/Eastern"))

    assert User.objects.get(username="ada").time_zone == "US/Eastern"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("email", "a" * 250 + "@example.com", "Ensure this value has at most 254 characters"),
        ("display_name", "x" * 151, "Ensure this value has at most 150 characters"),
        ("username", "ada lovelace!", "Enter a valid username."),
        ("password2", "something else entirely", "The two password fields didn"),
    ],
)
def test_bad_input_is_a_field_error_not_a_crash(client, field, value, message):
    response = client.post(SIGNUP_URL, signup_data(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.filter(username="ada").exists()


def test_a_common_password_is_refused(client):
    response = client.post(SIGNUP_URL, signup_data(password1="password", password2="password"))

    assert "This password is too common." in response.context["form"].errors["password2"]


def test_an_empty_post_shows_every_required_field_as_missing(client):
    response = client.post(SIGNUP_URL, {})

    errors = response.context["form"].errors
    assert set(errors) == {"username", "email", "time_zone", "password1", "password2"}


def test_a_signed_in_user_is_sent_home(owner_client):
    response = owner_client.get(SIGNUP_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_two_signups_racing_for_one_username_end_in_a_field_error(monkeypatch):
    UserFactory(username="ada")
    # The second sign-up passed validation before the first one was saved.
    monkeypatch.setattr(User, "validate_unique", lambda self, exclude=None: None)

    with pytest.raises(ValidationError) as raised:
        user_create(username="ada", email="other@example.com", password="x")

    assert raised.value.message_dict == {"username": ["A user with that username already exists."]}
    assert User.objects.filter(username="ada").count() == 1


def test_the_race_reaches_the_page_as_a_field_error(client, monkeypatch):
    UserFactory(username="ada")
    monkeypatch.setattr(User, "validate_unique", lambda self, exclude=None: None)
    # The form's own check ran before the other account existed.
    monkeypatch.setattr(
        "accounts.forms.SignupForm.clean_username", lambda form: form.cleaned_data["username"]
    )

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
