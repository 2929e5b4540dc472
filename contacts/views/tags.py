# PLACEHOLDERS: replace each function with the real view.
from django.http import Http404


def tag_list(request, **kwargs):
    raise Http404


def tag_detail(request, **kwargs):
    raise Http404


def tag_update(request, **kwargs):
    raise Http404


def tag_delete(request, **kwargs):
    raise Http404

