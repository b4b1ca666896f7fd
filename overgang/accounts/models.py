"""Municipalities, teams and the people who use Overgang."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("municipality code"), max_length=3, unique=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=100)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    WORKER = "worker", _("CTI worker")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager (read only)")
    ADMINISTRATOR = "administrator", _("Administrator")
    # The job model's jobkonsulent: the company-facing effort and the contact with the employer.
    # Sees only the job courses they are attached to, reads them, and writes only their own
    # journal entries.
    JOB_CONSULTANT = "job_consultant", _("Job consultant")


class User(AbstractUser):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
        verbose_name=_("team"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Full-time equivalent: 1.00 is full time, 0.50 half time."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gt=0) & models.Q(fte__lte=1), name="user_fte_range"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_worker(self) -> bool:
        return self.role == Role.WORKER

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_job_consultant(self) -> bool:
        return self.role == Role.JOB_CONSULTANT

    @property
    def can_change_courses(self) -> bool:
        """Managers and job consultants read; the rest may act on the courses they can see."""
        return self.role in (Role.WORKER, Role.COORDINATOR, Role.ADMINISTRATOR)


class UserSession(models.Model):
    """A session a user logged in with, so that deactivating the user can end all of them.

    Written at login and removed at logout; rows whose session has run out are pruned at the
    user's next login.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="login_sessions", verbose_name=_("user")
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("logged in at"))

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
