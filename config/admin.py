"""Rapport's admin site: Django's, with the "view on site" redirect scoped to the owner.

Django's /admin/r/<content type>/<id>/ redirects to any object's page for whoever asks, which
tells "this id exists" apart from "it does not"; here another user's row is a 404, as everywhere.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import path

from contacts.admin_scoping import is_owned, sees_everything


def owner_shortcut(request, content_type_id, object_id):
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type is not None else None
    scoped = model is not None and is_owned(model) and not sees_everything(request.user)
    if scoped and not (
        str(object_id).isdecimal()
        and model.objects.filter(pk=object_id, owner=request.user).exists()
    ):
        raise Http404("No such row among yours.")
    return shortcut(request, content_type_id, object_id)


class RapportAdminSite(admin.AdminSite):
    def get_urls(self):
        urls = super().get_urls()
        scoped = path(
            "r/<int:content_type_id>/<path:object_id>/", owner_shortcut, name="view_on_site"
        )
        return [scoped if getattr(u, "name", None) == "view_on_site" else u for u in urls]
