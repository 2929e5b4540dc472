"""The application's URLs plus the benchmark's floor: a page that renders the base template
(navbar, messages, scripts) for a signed-in user with one query of its own."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from config.urls import urlpatterns as application_urls
from contacts.models import Contact


@require_GET
def floor(request):
    has_contacts = Contact.objects.filter(owner=request.user).exists()
    return render(request, "bench/floor.html", {"has_contacts": has_contacts})


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *application_urls]
