from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import search as searching
from dashboard.selectors import dashboard


@require_GET
def home(request):
    return render(
        request,
        "dashboard/home.html",
        {"board": dashboard(user=request.user, now=timezone.now())},
    )


@require_GET
def search(request):
    """The navbar's search: a small dropdown as the user types (htmx), or a page of results
    when the form is sent without JavaScript (or with Enter)."""
    query = request.GET.get("q", "")
    if request.htmx and request.htmx.target == "nav-search-results":
        results = searching.quick_search(user=request.user, query=query, names_only=True)
        return render(request, "dashboard/_search_dropdown.html", {"results": results})
    results = searching.quick_search(user=request.user, query=query, limit=searching.PAGE_LIMIT)
    return render(request, "dashboard/search.html", {"results": results})
