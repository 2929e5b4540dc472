"""Admin personas: a staff member who is not a superuser (with every permission on Rapport's
models, so that only owner scoping stands between them and anyone else's rows), and a superuser."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import UserFactory

APPS = ("accounts", "contacts", "interactions", "reminders", "portability")


@pytest.fixture
def staff(db):
    user = UserFactory(username="staffer", display_name="Stella Staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    return user


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client
