"""JSON for the pickers: GET ?q=... returns {"results": [{"value": id, "text": label}]}."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from contacts.selectors.autocomplete import contact_choices, organization_choices, tag_choices


@require_GET
def contacts(request):
    return JsonResponse(
        {"results": contact_choices(user=request.user, query=request.GET.get("q", ""))}
    )


@require_GET
def organizations(request):
    return JsonResponse(
        {"results": organization_choices(user=request.user, query=request.GET.get("q", ""))}
    )


@require_GET
def tags(request):
    return JsonResponse({"results": tag_choices(user=request.user, query=request.GET.get("q", ""))})
