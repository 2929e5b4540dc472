from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.selectors import dashboard


@require_GET
def home(request):
    return render(
        request,
        "dashboard/home.html",
        {"board": dashboard(user=request.user, now=timezone.now())},
    )
