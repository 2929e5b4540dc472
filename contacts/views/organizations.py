# PLACEHOLDERS: replace each function with the real view.
from django.http import Http404


def affiliation_create(request, **kwargs):
    raise Http404


def affiliation_update(request, **kwargs):
    raise Http404


def affiliation_delete(request, **kwargs):
    raise Http404


def organization_list(request, **kwargs):
    raise Http404


def organization_create(request, **kwargs):
    raise Http404


def organization_detail(request, **kwargs):
    raise Http404


def organization_update(request, **kwargs):
    raise Http404


def organization_delete(request, **kwargs):
    raise Http404

