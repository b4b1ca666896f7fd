"""Single sign-on writes: who the identity provider's claims make the user, and the audit rows.

Called during the login, before any municipality is known: the caller runs them inside
`tenancy.unscoped()`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import Municipality, User
from overgang.audit.services import audit_record
from overgang.sso import config
from overgang.sso.models import SsoIdentity

logger = logging.getLogger(__name__)

USERNAME_MAX_LENGTH = 150
NAME_MAX_LENGTH = 150

# Why a login was refused: the code goes to the audit log, the text to the user.
REFUSALS: dict[str, Promise] = {
    "no_group": _(
        "Your account at %(provider)s does not give access to Overgang. Ask your administrator to "
        "add you to one of Overgang's groups."
    ),
    "ambiguous": _(
        "Your groups at %(provider)s give access to more than one municipality in Overgang. Ask your "
        "administrator to correct your groups."
    ),
    "local_account": _(
        "A user with the user name %(username)s already exists in Overgang and is not linked to "
        "%(provider)s. Log in with your password, or ask your administrator."
    ),
    "inactive": _("Your user in Overgang has been deactivated. Ask your administrator."),
    "no_username": _("%(provider)s did not send a user name. Ask your administrator."),
    "unknown_municipality": _(
        "Single sign-on points to a municipality that Overgang does not know. Ask your administrator."
    ),
    "failed": _("The login with %(provider)s could not be completed. Try again."),
    "cancelled": _("The login with %(provider)s was cancelled or refused."),
    "unavailable": _(
        "%(provider)s cannot be reached right now. Try again later, or log in with your password."
    ),
}


class SsoRefused(Exception):
    """The identity provider vouched for someone Overgang will not let in (or the flow failed)."""

    def __init__(
        self, reason: str, *, username: str = "", user: User | None = None, detail: str = ""
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.username = username
        self.user = user
        self.detail = detail

    def message(self) -> str:
        return str(REFUSALS.get(self.reason, REFUSALS["failed"])) % {
            "provider": config.provider_name(),
            "username": self.username,
        }


def _claim(claims: Mapping[str, Any], name: str, max_length: int) -> str:
    value = claims.get(name)
    return value.strip()[:max_length] if isinstance(value, str) else ""


def sso_user_for_claims(*, issuer: str, claims: Mapping[str, Any]) -> User:
    """The user the verified claims stand for, made on their first login and brought up to date
    (municipality, role, names) at every later one. Found only by (issuer, subject).

    Raises SsoRefused when no group of theirs is mapped, the groups lead to several municipalities,
    the user is deactivated, or a user of the same name exists that this identity did not make."""
    subject = str(claims.get("sub") or "")
    username = _claim(claims, settings.OVERGANG_OIDC_USERNAME_CLAIM, USERNAME_MAX_LENGTH + 1)
    if not subject:
        raise SsoRefused("failed", username=username, detail="no sub claim")
    identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    user = identity.user if identity is not None else None
    try:
        grant = config.grant_for(config.groups_in(claims))
    except config.AmbiguousGrant:
        raise SsoRefused("ambiguous", username=username, user=user) from None
    if grant is None:
        raise SsoRefused("no_group", username=username, user=user)
    municipality = Municipality.objects.filter(code=grant.municipality_code).first()
    if municipality is None:
        logger.error(
            "OVERGANG_OIDC_GROUP_MAP names municipality code %r, which does not exist",
            grant.municipality_code,
        )
        raise SsoRefused("unknown_municipality", username=username, user=user)
    names = {
        "email": _claim(claims, "email", 254),
        "first_name": _claim(claims, "given_name", NAME_MAX_LENGTH),
        "last_name": _claim(claims, "family_name", NAME_MAX_LENGTH),
    }
    if user is not None:
        if not user.is_active:
            raise SsoRefused("inactive", username=user.username, user=user)
        return _user_update(user=user, municipality=municipality, role=grant.role, names=names)
    if not username or len(username) > USERNAME_MAX_LENGTH:
        raise SsoRefused("no_username", username=username[:USERNAME_MAX_LENGTH])
    if User.objects.filter(username__iexact=username).exists():
        # Never taken over: the same name is no proof that the identity is the same person.
        raise SsoRefused("local_account", username=username)
    return _user_create(
        issuer=issuer,
        subject=subject,
        username=username,
        municipality=municipality,
        role=grant.role,
        names=names,
    )


def _user_create(
    *, issuer: str, subject: str, username: str, municipality: Municipality, role: str, names: dict[str, str]
) -> User:
    try:
        with transaction.atomic():
            user = User(username=username, municipality=municipality, role=role, **names)
            user.set_unusable_password()  # SSO users log in at the identity provider only
            user.save()
            SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            audit_record(
                actor=None,
                action="auth.sso_user_created",
                obj=user,
                after={
                    "username": username,
                    "role": role,
                    "municipality": municipality.code,
                    "issuer": issuer,
                },
            )
    except IntegrityError:
        # The same person's first login twice at once, or the name taken in between.
        raise SsoRefused("failed", username=username, detail="integrity error at creation") from None
    return user


def _user_update(*, user: User, municipality: Municipality, role: str, names: dict[str, str]) -> User:
    """The groups decide municipality and role at every login; the names follow the provider."""
    before = {"role": user.role, "municipality": user.municipality_id}
    changed: list[str] = []
    if user.municipality_id != municipality.pk:
        user.municipality = municipality
        user.team = None  # a team belongs to the old municipality
        changed += ["municipality", "team"]
    if user.role != role:
        user.role = role
        changed.append("role")
    for field, value in names.items():
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        with transaction.atomic():
            user.save(update_fields=changed)
            if "role" in changed or "municipality" in changed:
                audit_record(
                    actor=None,
                    action="auth.sso_user_updated",
                    obj=user,
                    before=before,
                    after={"role": user.role, "municipality": user.municipality_id},
                )
    return user


def sso_login_record(*, user: User, issuer: str, mfa_vouched: bool) -> None:
    audit_record(
        actor=user,
        action="auth.sso_login",
        obj=user,
        after={"username": user.username, "issuer": issuer, "mfa_by_provider": mfa_vouched},
    )


def sso_login_failed_record(*, refusal: SsoRefused) -> None:
    user = refusal.user
    audit_record(
        actor=None,
        action="auth.sso_login_failed",
        obj=user,
        after={
            "username": (user.username if user else refusal.username)[:USERNAME_MAX_LENGTH],
            "reason": refusal.reason,
        },
    )
