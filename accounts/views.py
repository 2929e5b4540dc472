from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from accounts.forms import (
    AccountDeleteForm,
    ApiTokenForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
)
from accounts.models import ApiToken, CalendarFeed
from accounts.services import user_create, user_delete, user_update_profile
from accounts.tokens import api_token_create, api_token_revoke
from reminders.digests.forms import DigestPreferencesForm


@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            user = user_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Rapport, {user}.")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form})


def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        user_update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            time_zone=form.cleaned_data["time_zone"],
            after_event_follow_up_days=form.cleaned_data["after_event_follow_up_days"],
        )
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "digest_form": DigestPreferencesForm(user=request.user),
            "calendar_feed_url": _calendar_feed_url(request.user),
            "api_token_count": ApiToken.objects.filter(
                owner=request.user, revoked_at__isnull=True
            ).count(),
        },
    )


def _calendar_feed_url(user) -> str:
    feed = CalendarFeed.objects.filter(owner=user).first()
    if feed is None:
        return ""
    # SITE_URL, not the request's Host header: the address calendar apps must reach.
    return settings.SITE_URL + reverse("portability:calendar_feed", args=[feed.token])


@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's API keys; a new key is shown in the answer to the POST that made it, once."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if form.is_valid():
        new_token = api_token_create(owner=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(owner=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def api_token_revoke_view(request, pk: int):
    # The lookup comes first, so another user's key is a 404 whatever the method.
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user)
    if request.method != "POST":
        return redirect("accounts:api_tokens")
    api_token_revoke(token=token)
    messages.success(request, f"The key “{token.name}” is revoked: it no longer works.")
    return redirect("accounts:api_tokens")


@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, "Your account and everything in it are deleted. Goodbye.")
        return redirect(settings.LOGIN_URL)
    return render(request, "accounts/account_delete.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        # The link starts with SITE_URL, never with the request's Host header: a visitor
        # controls that header and could otherwise send a victim a link to their own server.
        return {
            "site_url": settings.SITE_URL,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }
