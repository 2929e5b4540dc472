# PLACEHOLDERS: replace each function with the real view.
from django.http import Http404


def contacts(request, **kwargs):
    raise Http404


def organizations(request, **kwargs):
    raise Http404


def tags(request, **kwargs):
    raise Http404

