import zoneinfo

from django.utils import timezone


class UserTimezoneMiddleware:
    """Dates and times render in the signed-in user's own time zone; the database keeps UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """A signed-in page holds private data: no browser or proxy may keep a copy of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A view that opts into the browser's private cache keeps it (a contact photo, whose URL
        # changes with the file); shared caches still store nothing.
        private = "private" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not private:
            response["Cache-Control"] = "no-store"
        return response
