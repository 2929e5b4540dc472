# PLACEHOLDERS: replace each function with the real view.
from django.http import Http404


def contact_list(request, **kwargs):
    raise Http404


def contact_create(request, **kwargs):
    raise Http404


def contact_detail(request, **kwargs):
    raise Http404


def contact_update(request, **kwargs):
    raise Http404


def contact_archive(request, **kwargs):
    raise Http404


def contact_delete(request, **kwargs):
    raise Http404


def contact_photo(request, **kwargs):
    raise Http404


def contact_email_check(request, **kwargs):
    raise Http404

