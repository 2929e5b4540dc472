"""The operations page (staff) and the health endpoint (monitors).

The endpoint answers a staff session, or a request carrying OPERATIONS_TOKEN as a bearer token
(`Authorization: Bearer <token>`); without the setting, only staff sessions. 200 when every
check passes, 503 when one fails, so that a plain HTTP monitor needs no JSON parsing.
"""

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from reminders.operations.status import operations_health, operations_status


@require_GET
def status_page(request):
    if not request.user.is_staff:
        raise PermissionDenied("The operations page is for staff.")
    return render(request, "reminders/operations_status.html", {"status": operations_status()})


def _bearer_token_matches(request) -> bool:
    expected = settings.OPERATIONS_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


@login_not_required
@require_GET
def health(request):
    staff = request.user.is_authenticated and request.user.is_staff
    if not (staff or _bearer_token_matches(request)):
        response = JsonResponse(
            {"error": "Send OPERATIONS_TOKEN as 'Authorization: Bearer <token>'."}, status=401
        )
        response["WWW-Authenticate"] = 'Bearer realm="rapport"'
        return response
    status = operations_status(with_failures=False)
    response = JsonResponse(operations_health(status), status=200 if status.ok else 503)
    response["Cache-Control"] = "no-store"
    return response
