"""The link between a user and their identity at the identity provider (issue 10)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import User


class SsoIdentity(models.Model):
    """A user made by a single sign-on, and the identity that made them: the issuer and the subject
    (`iss`, `sub`) of the identity provider's ID token. The pair, never an e-mail address or a user
    name, finds the user at their next login; a local account is never taken over."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="sso_identity", verbose_name=_("user")
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"
