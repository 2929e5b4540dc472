"""Digest pages: settings, test digest, preview, and the unsubscribe link.

The settings, test and preview pages are the signed-in user's own. The unsubscribe link works
without a login: the signed token in its address names the user (see links.py); its GET only
asks, its POST acts, and the POST takes no CSRF token because mail clients send it on their own
(RFC 8058 one-click), which is safe since only the token's holder can make it.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from reminders.digests import links
from reminders.digests.content import DigestContent, digest_content
from reminders.digests.forms import DigestPreferencesForm
from reminders.digests.message import digest_email, digest_preview_html
from reminders.digests.preferences import (
    digest_preferences_update,
    digest_test_request,
    digest_unsubscribe,
)


def _todays_content(user: User) -> DigestContent:
    now = timezone.now()
    return digest_content(user=user, today=now.astimezone(user.zone).date(), now=now)


@require_http_methods(["GET", "POST"])
def preferences(request):
    """The digest part of the profile page posts here; errors are shown on a page of its own."""
    form = DigestPreferencesForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if form.is_bound and form.is_valid():
        try:
            digest_preferences_update(
                user=request.user,
                frequency=form.cleaned_data["digest_frequency"],
                weekday=form.cleaned_data["digest_weekday"],
                send_time=form.cleaned_data["digest_time"],
                skip_empty=form.cleaned_data["digest_skip_empty"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your digest settings are saved.")
            return redirect("accounts:profile")
    return render(request, "reminders/digest_preferences_page.html", {"digest_form": form})


@require_POST
def send_test(request):
    user = request.user
    if not user.email:
        messages.error(request, "Add your email address first: the test digest goes there.")
    elif digest_test_request(user=user):
        messages.success(
            request, f"A test digest is on its way to {user.email}; it can take a minute."
        )
    else:
        messages.info(
            request, "A test digest is already on its way; you can ask for another in a minute."
        )
    return redirect("accounts:profile")


@require_GET
def preview(request):
    content = _todays_content(request.user)
    message = digest_email(content=content)
    return render(
        request,
        "reminders/digest_preview.html",
        {"message": message, "content": content},
    )


# The email's HTML as a page of its own, shown in the preview's frame: its styles are inline
# (mail clients know no other kind), so this one response allows inline styles, and nothing
# else: no script at all, and framing only by our own pages.
@require_GET
@xframe_options_sameorigin
@csp_replace(
    {
        "default-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "script-src": [NONE],
        "frame-ancestors": [SELF],
        "form-action": [NONE],
    }
)
def preview_html(request):
    return HttpResponse(digest_preview_html(_todays_content(request.user)))


def _bad_link(request, status: int = 400):
    return render(request, "reminders/digest_link_invalid.html", status=status)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id = links.unsubscribe_read(token)
    except links.BadLink:
        return _bad_link(request)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return _bad_link(request, status=404)
    if request.method == "POST":
        digest_unsubscribe(user=user)
        return render(request, "reminders/digest_unsubscribed.html", {"subscriber": user})
    return render(request, "reminders/digest_unsubscribe.html", {"subscriber": user})
