"""Authentication writes (issue 8): login sessions, two-factor devices, deactivation.

Every login, failure, lockout, two-factor failure and logout is written to the audit log with the
user name tried, never a password or a code.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from overgang.accounts.models import User, UserSession
from overgang.audit.services import audit_record

BACKUP_CODE_COUNT = 10
# Session keys the timeout middleware reads (seconds since the epoch).
SESSION_LOGIN_AT = "overgang_login_at"
SESSION_LAST_ACTIVITY = "overgang_last_activity"
# Set on the fresh session after a timeout, so the login page can say why the user is there.
SESSION_LOGOUT_REASON = "overgang_logout_reason"
# Set when the user has confirmed their password on the security page: they may set up a new
# authenticator until this time.
SESSION_REENROL_UNTIL = "overgang_reenrol_until"
REENROL_WINDOW = dt.timedelta(minutes=10)
# Set when the user has confirmed their password to add a security key: the name they gave it and
# until when (the same window as for a new authenticator) the key may be registered.
SESSION_KEY_REGISTRATION = "overgang_key_registration"


def _username_only(username: Any) -> dict[str, Any]:
    return {"username": str(username or "")[:150]}


# Logging in and out ------------------------------------------------------------------------------


def session_login_record(*, request: HttpRequest, user: User, now: dt.datetime) -> None:
    """At every login (the login page, the test client's): stamp the session for the timeouts and
    remember it for deactivation."""
    session = request.session
    if session.session_key is None:
        # login() flushed a session that belonged to someone else; give the new one its key now.
        session.save()
    session[SESSION_LOGIN_AT] = now.timestamp()
    session[SESSION_LAST_ACTIVITY] = now.timestamp()
    absolute = dt.timedelta(seconds=settings.OVERGANG_SESSION_ABSOLUTE_TIMEOUT)
    UserSession.objects.filter(user=user, created_at__lt=now - absolute).delete()
    UserSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user": user, "created_at": now}
    )


def login_record(*, user: User) -> None:
    """A login through the login page (the password was right)."""
    audit_record(actor=user, action="auth.login", obj=user, after=_username_only(user.username))


def session_logout_record(*, request: HttpRequest, user: AbstractBaseUser | None) -> None:
    """At logout (Django flushes the session itself): forget the session, audit."""
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if isinstance(user, User):
        audit_record(actor=user, action="auth.logout", obj=user, after=_username_only(user.username))


def session_cycle(*, request: HttpRequest) -> None:
    """A new session key once the user has passed the second factor (a change of privilege)."""
    old_key = request.session.session_key
    request.session.cycle_key()
    session_key_follow(request=request, old_key=old_key)


def session_key_follow(*, request: HttpRequest, old_key: str | None) -> None:
    """The remembered session follows the session to its new key (after cycle_key())."""
    if old_key and old_key != request.session.session_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


def login_failed_record(*, username: Any) -> None:
    audit_record(actor=None, action="auth.login_failed", after=_username_only(username))


def locked_out_record(*, username: Any) -> None:
    audit_record(actor=None, action="auth.locked_out", after=_username_only(username))


def password_changed_record(*, request: HttpRequest, user: User, old_session_key: str | None) -> None:
    """After Django has changed the password and given the session a new key (other sessions of
    the user end, as their password hash no longer matches)."""
    session_key_follow(request=request, old_key=old_session_key)
    audit_record(actor=user, action="auth.password_changed", obj=user, after=_username_only(user.username))


# Ending sessions and deactivating -----------------------------------------------------------------


def user_sessions_end(*, user: User) -> int:
    """End every session the user has logged in with, on the server. Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        store(session_key=row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def user_deactivate(*, user: User, actor: Any) -> User:
    """Deactivate the user and end all their sessions at once. (Saving a user as inactive any
    other way ends the sessions too, see receivers.py; here they are ended first, to count them.)"""
    with transaction.atomic():
        ended = user_sessions_end(user=user)
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="auth.user_deactivated",
            obj=user,
            after={**_username_only(user.username), "sessions_ended": ended},
        )
    return user


# Two-factor devices -------------------------------------------------------------------------------


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_confirmed(user: User) -> bool:
    """The user has set up a second factor: the authenticator app or a security key."""
    return totp_device_confirmed(user) is not None or webauthn_credentials(user).exists()


def backup_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def totp_enrolment_device(user: User) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed device, the same one until it is confirmed
    (so reloading the page keeps the QR code the user may already have scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def totp_enrol_confirm(
    *, request: HttpRequest, user: User, device: TOTPDevice, code: str
) -> list[str] | None:
    """Confirm the new authenticator with a code from it. On success the device replaces any older
    one, the user gets a fresh set of backup codes (returned, to be shown once), and the session is
    verified. Returns None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not device.verify_token(code):
            audit_record(actor=user, action="auth.otp_failed", obj=user, after=_username_only(user.username))
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _backup_codes_replace(user=user)
        audit_record(actor=user, action="auth.otp_enrolled", obj=user, after=_username_only(user.username))
    otp_login(request, device)
    session_cycle(request=request)
    request.session.pop(SESSION_REENROL_UNTIL, None)
    return codes


def backup_codes_regenerate(*, user: User) -> list[str]:
    """A new set of backup codes; the old ones stop working."""
    with transaction.atomic():
        codes = _backup_codes_replace(user=user)
        audit_record(
            actor=user, action="auth.backup_codes_generated", obj=user, after=_username_only(user.username)
        )
    return codes


def _backup_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def otp_verify(*, request: HttpRequest, user: User, code: str) -> bool | None:
    """Verify the session with a code from the authenticator (6 digits) or a backup code.

    True: verified. False: wrong code. None: too many wrong codes just now (django-otp throttles
    each device: after n failures it refuses every code for 2^(n-1) seconds). A code is accepted
    once: the authenticator's time step and a backup code are used up by the login.
    """
    code = "".join(code.split()).lower()
    device: TOTPDevice | StaticDevice | None
    # Authenticator codes are 6 digits; backup codes are 8 letters and digits.
    device = totp_device_confirmed(user) if len(code) == 6 and code.isdigit() else backup_device(user)
    if device is None:
        verified = False
    else:
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            allowed, _reason = locked.verify_is_allowed()
            if not allowed:
                audit_record(
                    actor=user, action="auth.otp_failed", obj=user, after=_username_only(user.username)
                )
                return None
            verified = locked.verify_token(code)
        if verified:
            otp_login(request, locked)
            session_cycle(request=request)
            audit_record(
                actor=user, action="auth.otp_verified", obj=user, after=_username_only(user.username)
            )
            return True
    audit_record(actor=user, action="auth.otp_failed", obj=user, after=_username_only(user.username))
    return False


def reenrol_allow(*, request: HttpRequest, now: dt.datetime) -> None:
    request.session[SESSION_REENROL_UNTIL] = (now + REENROL_WINDOW).timestamp()


def reenrol_allowed(*, request: HttpRequest, now: dt.datetime) -> bool:
    until = request.session.get(SESSION_REENROL_UNTIL)
    return until is not None and now.timestamp() < float(until)


# Security keys and passkeys (WebAuthn) ------------------------------------------------------------
# The ceremonies themselves are django-otp-webauthn's (webauthn.py); these are the rules around them.


def webauthn_credentials(user: User) -> Any:
    """The user's security keys and passkeys, oldest first."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def webauthn_registration_allow(*, request: HttpRequest, name: str, now: dt.datetime) -> None:
    """After the password on the security page: a key named `name` may be registered for a while."""
    request.session[SESSION_KEY_REGISTRATION] = {"name": name, "until": (now + REENROL_WINDOW).timestamp()}


def webauthn_registration_name(*, request: HttpRequest, now: dt.datetime) -> str | None:
    """The name of the key the user may register now, or None when they may not (no password
    confirmed, or too long ago)."""
    pending = request.session.get(SESSION_KEY_REGISTRATION)
    if not isinstance(pending, dict) or now.timestamp() >= float(pending.get("until", 0)):
        return None
    return str(pending.get("name") or "")


def webauthn_registered_record(*, request: HttpRequest, user: User, credential: Any) -> None:
    """A key has been registered (django-otp-webauthn has saved it): the password confirmation is
    used up."""
    request.session.pop(SESSION_KEY_REGISTRATION, None)
    audit_record(
        actor=user,
        action="auth.webauthn_registered",
        obj=user,
        after={**_username_only(user.username), "key": credential.name, "key_id": credential.pk},
    )


def webauthn_verified_record(*, request: HttpRequest, user: User, credential: Any) -> None:
    """The session has passed the second factor with a key (django-otp's login() has run): a new
    session key, as after a code."""
    session_cycle(request=request)
    audit_record(
        actor=user,
        action="auth.webauthn_verified",
        obj=user,
        after={**_username_only(user.username), "key_id": credential.pk},
    )


def webauthn_failed_record(*, user: User, reason: str) -> None:
    audit_record(
        actor=user,
        action="auth.webauthn_failed",
        obj=user,
        after={**_username_only(user.username), "reason": str(reason)[:64]},
    )


def webauthn_credential_remove(*, user: User, credential: Any) -> None:
    """Remove one of the user's own keys (the caller has fetched it for this user)."""
    with transaction.atomic():
        name, key_id = credential.name, credential.pk
        WebAuthnCredential.objects.filter(pk=key_id, user=user).delete()
        audit_record(
            actor=user,
            action="auth.webauthn_removed",
            obj=user,
            after={**_username_only(user.username), "key": name, "key_id": key_id},
        )
