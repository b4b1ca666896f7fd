"""Security keys and passkeys (WebAuthn) as a second factor, on django-otp-webauthn.

The library does the ceremonies (options, challenges, signature checks) and its scripts drive the
browser. Ours are the rules around them: a key is registered only by a verified session that has
just confirmed the password (as a new authenticator is), a key only verifies the session of the
user already logged in with their password (no passwordless login), and every registration,
verification and failure is in the audit log. The library's own URLs are not mounted: these views
are the only doors.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp_webauthn import exceptions, helpers
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from overgang.accounts import services
from overgang.accounts.models import User

# The English messages of the library's scripts, which call a global gettext(); webauthn.js answers
# from this catalogue, translated here (the library has no Danish catalogue of its own).
SCRIPT_MESSAGES = [
    gettext_noop("An error occurred during registration."),
    gettext_noop("An error occurred during verification."),
    gettext_noop("Finishing registration..."),
    gettext_noop("Finishing verification..."),
    gettext_noop("Register a Passkey"),
    gettext_noop("Registering..."),
    gettext_noop("Registration aborted or not allowed."),
    gettext_noop("Registration aborted."),
    gettext_noop("Registration failed. A server error occurred."),
    gettext_noop(
        "Registration failed. A technical problem occurred that prevents you from registering a "
        "Passkey for this site."
    ),
    gettext_noop("Registration failed. An unknown error occurred."),
    gettext_noop("Registration failed. The server was unable to verify this passkey."),
    gettext_noop("Registration failed. Unable to fetch registration options from server."),
    gettext_noop("Registration failed. You most likely already have a Passkey registered for this site."),
    gettext_noop("Registration successful!"),
    gettext_noop("Verification aborted."),
    gettext_noop("Verification canceled or not allowed."),
    gettext_noop("Verification failed. A server error occurred."),
    gettext_noop("Verification failed. An unknown error occurred."),
    gettext_noop("Verification failed. An unknown server error occurred."),
    gettext_noop("Verification failed. Could not retrieve parameters from the server."),
    gettext_noop("Verification successful!"),
    gettext_noop("Verify with Passkey"),
    gettext_noop("Verifying..."),
]


def script_context(request: HttpRequest) -> dict[str, Any]:
    """What a page with the library's scripts carries: their configuration (our URLs) and the
    catalogue of their messages in the page's language."""
    return {
        "webauthn_config": {
            "autocompleteLoginFieldSelector": None,
            "nextFieldSelector": "input[name='next']",
            "csrfToken": csrf.get_token(request),
            "beginAuthenticationUrl": reverse("accounts:key_verify_begin"),
            "completeAuthenticationUrl": reverse("accounts:key_verify_complete"),
            "beginRegistrationUrl": reverse("accounts:key_register_begin"),
            "completeRegistrationUrl": reverse("accounts:key_register_complete"),
        },
        "webauthn_catalog": {message: _(message) for message in SCRIPT_MESSAGES},
    }


class WebAuthnHelper(helpers.WebAuthnHelper):  # type: ignore[misc]
    """The library's helper; the new key gets the name the user gave on the security page."""

    def create_credential(self, user: Any, response: Any, parsed_credential: Any, original_data: Any) -> Any:
        credential = super().create_credential(user, response, parsed_credential, original_data)
        name = services.webauthn_registration_name(request=self.request, now=timezone.now())
        credential.name = (name or _("Security key"))[:64]
        return credential


class _RegistrationRules:
    """Registration only by a verified session that has just confirmed the password. (The library
    lets a user with no second factor at all register a key with the password alone.)"""

    request: HttpRequest

    def check_can_register(self) -> None:
        user = self.request.user
        if not user.is_verified():  # type: ignore[union-attr]
            raise exceptions.NotVerified(detail=_("Confirm it is you with your second factor first."))
        if services.webauthn_registration_name(request=self.request, now=timezone.now()) is None:
            raise exceptions.NotVerified(
                detail=_(
                    "Confirm your password on the security page first, then add the key within 10 minutes."
                )
            )


class KeyRegisterBegin(_RegistrationRules, BeginCredentialRegistrationView):  # type: ignore[misc]
    pass


class KeyRegisterComplete(_RegistrationRules, CompleteCredentialRegistrationView):  # type: ignore[misc]
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(*args, **kwargs)  # raises when the key is refused
        user = cast(User, self.request.user)  # the rules above have checked
        credential = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=user)
        services.webauthn_registered_record(request=self.request, user=user, credential=credential)
        messages.success(
            self.request, _("The security key “%(name)s” has been added.") % {"name": credential.name}
        )
        return response


class KeyVerifyBegin(BeginCredentialAuthenticationView):  # type: ignore[misc]
    """Options for the user logged in with their password: only their own keys are offered.
    Without a logged-in user the library refuses (passwordless login is off in the settings)."""


class KeyVerifyComplete(CompleteCredentialAuthenticationView):  # type: ignore[misc]
    """Checks the key's answer; the library then marks the session verified (django-otp's login())
    and answers with where to go (`next`, when it is ours). A key of another user is refused."""

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        user = cast(User, self.request.user)  # check_can_authenticate has refused the anonymous
        try:
            response: HttpResponse = super().post(*args, **kwargs)
        except exceptions.OTPWebAuthnApiError as error:
            services.webauthn_failed_record(user=user, reason=error.code)
            raise
        credential = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=user)
        services.webauthn_verified_record(request=self.request, user=user, credential=credential)
        return response
