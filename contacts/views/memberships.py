# PLACEHOLDERS: replace each function with the real view.
from django.http import Http404


def membership_list(request, **kwargs):
    raise Http404


def membership_create(request, **kwargs):
    raise Http404


def membership_update(request, **kwargs):
    raise Http404


def membership_delete(request, **kwargs):
    raise Http404

