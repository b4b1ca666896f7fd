"""Login, two-factor verification and set-up, the security page and the password change.

Thin views on Django's auth views and django-otp; the writes are in services.py.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from overgang.accounts import services, webauthn
from overgang.accounts.forms import (
    CodeForm,
    EnrolForm,
    KeyAddForm,
    PasswordConfirmForm,
    StyledPasswordChangeForm,
)
from overgang.accounts.middleware import two_factor_required
from overgang.accounts.models import User

LOGOUT_REASONS = {
    "idle": gettext_lazy("You were logged out because you had not used Overgang for a while. Log in again."),
    "absolute": gettext_lazy(
        "You were logged out because you have been logged in for a long time. Log in again."
    ),
    "expired": gettext_lazy("Your session has ended. Log in again."),
}


def _next_url(request: HttpRequest) -> str:
    """Where to go after the two-factor step: `next` when it is ours, else the overview."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required has run: never
        raise PermissionDenied
    return user


class LoginView(auth_views.LoginView):
    """Django's login (django-axes counts the failures); then on to the second factor."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(services.SESSION_LOGOUT_REASON, None)
        context["logout_reason"] = LOGOUT_REASONS.get(reason or "")
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.login_record(user=form.get_user())
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        # The verification page sends a session that is verified already straight on.
        if two_factor_required(self.request.user):
            return _with_next("accounts:verify", url)
        return url


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login page would skip the second factor: send visitors to ours. Someone
    logged in who lands here may not use the admin (sending them to log in would loop)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(reverse("login") + (f"?{query}" if query else ""))


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer while a user name is locked out from this address (429)."""
    hours = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": round(float(hours) * 60) if hours else None},
        status=429,
    )


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = _next_url(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return HttpResponseRedirect(next_url)
    has_app = services.totp_device_confirmed(user) is not None
    has_keys = services.webauthn_credentials(user).exists()
    if not has_app and not has_keys:
        if not two_factor_required(user):
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(_with_next("accounts:enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.otp_verify(request=request, user=user, code=form.cleaned_data["code"])
        if result:
            return HttpResponseRedirect(next_url)
        if result is None:
            form.add_error("code", _("Too many wrong codes. Wait a little, then try again."))
        else:
            form.add_error("code", _("The code is wrong or has already been used. Try again."))
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "next": next_url,
            "two_factor_pending": True,
            "has_keys": has_keys,
            # With only a key, the code form is for backup codes, if the user has any.
            "has_codes": has_app or services.backup_device(user) is not None,
            **(webauthn.script_context(request) if has_keys else {}),
        },
    )


def _qr_svg(data: str) -> SafeString:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    svg = image.to_string(encoding="unicode")
    # qrcode writes the SVG itself from the otpauth address: no user input reaches the markup.
    return mark_safe(svg)  # noqa: S308


@never_cache
@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = _user(request)
    next_url = _next_url(request)
    if services.second_factor_confirmed(user) and not (
        user.is_verified()  # type: ignore[attr-defined]
        and services.reenrol_allowed(request=request, now=timezone.now())
    ):
        # A second authenticator only after the password on the security page.
        if user.is_verified():  # type: ignore[attr-defined]
            return HttpResponseRedirect(reverse("accounts:security"))
        return HttpResponseRedirect(_with_next("accounts:verify", next_url))
    device = services.totp_enrolment_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split())
        codes = services.totp_enrol_confirm(request=request, user=user, device=device, code=code)
        if codes is not None:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error("code", _("The code is wrong. Check that the app shows Overgang, then try again."))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": next_url,
            "two_factor_pending": not user.is_verified(),  # type: ignore[attr-defined]
            "qr_svg": _qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


def _password_confirm_form(
    request: HttpRequest, *, user: User, action: str, prefix: str, form_class: type[PasswordConfirmForm]
) -> PasswordConfirmForm:
    """One of the security page's password-confirmed forms: bound only when its action was posted."""
    posted = request.method == "POST" and request.POST.get("action") == action
    return form_class(request.POST if posted else None, user=user, prefix=prefix)


@never_cache
@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The user's own security page: backup codes, a new authenticator, security keys, the password."""
    user = _user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    codes_form = _password_confirm_form(
        request, user=user, action="backup_codes", prefix="codes", form_class=PasswordConfirmForm
    )
    reenrol_form = _password_confirm_form(
        request, user=user, action="reenrol", prefix="reenrol", form_class=PasswordConfirmForm
    )
    key_form = _password_confirm_form(
        request, user=user, action="key_add", prefix="key", form_class=KeyAddForm
    )
    if action == "backup_codes" and codes_form.is_valid():
        codes = services.backup_codes_regenerate(user=user)
        return render(
            request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:security")}
        )
    if action == "reenrol" and reenrol_form.is_valid():
        services.reenrol_allow(request=request, now=timezone.now())
        return HttpResponseRedirect(reverse("accounts:enrol"))
    # A key only for a session verified with a second factor (the password alone adds none).
    verified = user.is_verified()  # type: ignore[attr-defined]
    if action == "key_add" and verified and key_form.is_valid():
        services.webauthn_registration_allow(
            request=request, name=key_form.cleaned_data["name"], now=timezone.now()
        )
        return HttpResponseRedirect(reverse("accounts:key_add"))
    backup = services.backup_device(user)
    device = services.totp_device_confirmed(user)
    keys = list(services.webauthn_credentials(user))
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "has_second_factor": device is not None or bool(keys),
            "keys": keys,
            "verified": verified,
            "backup_codes_left": backup.token_set.count() if backup else 0,
            "codes_form": codes_form,
            "reenrol_form": reenrol_form,
            "key_form": key_form,
            "required": two_factor_required(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def key_add(request: HttpRequest) -> HttpResponse:
    """Register the security key or passkey (the library's script talks to the key), within the
    window the password on the security page opened."""
    user = _user(request)
    name = services.webauthn_registration_name(request=request, now=timezone.now())
    if not user.is_verified() or name is None:  # type: ignore[attr-defined]
        return HttpResponseRedirect(reverse("accounts:security"))
    return render(request, "accounts/key_add.html", {"name": name, **webauthn.script_context(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask (GET), then remove (POST) one of the user's own keys; another user's key is not found."""
    user = _user(request)
    credential = get_object_or_404(services.webauthn_credentials(user), pk=pk)
    if request.method == "POST":
        services.webauthn_credential_remove(user=user, credential=credential)
        messages.success(
            request, _("The security key “%(name)s” has been removed.") % {"name": credential.name}
        )
        return HttpResponseRedirect(reverse("accounts:security"))
    return render(request, "accounts/key_remove.html", {"key": credential})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: Any) -> HttpResponse:
        old_session_key = self.request.session.session_key
        response = super().form_valid(form)
        services.password_changed_record(
            request=self.request, user=_user(self.request), old_session_key=old_session_key
        )
        messages.success(self.request, _("Your password has been changed."))
        return response
