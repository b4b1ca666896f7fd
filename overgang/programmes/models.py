"""Programme templates (one per manual) and the programmes a municipality runs from them.

Everything the manuals differ in is data here, never a code branch: duration, contact period,
transition event, caseload rule, dimensions, legal bases and the timeliness tolerance.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import Municipality
from overgang.method.caseload import CaseloadRule, RuleKind
from overgang.method.clock import Period
from overgang.tenancy import TenantManager


def localised(value: Any) -> str:
    """Pick the active language from a {"da": ..., "en": ...} value; plain strings pass through."""
    if isinstance(value, dict):
        language = (get_language() or "da")[:2]
        return str(value.get(language) or value.get("da") or next(iter(value.values()), ""))
    return str(value or "")


class CaseloadRuleKind(models.TextChoices):
    WEIGHTED = RuleKind.WEIGHTED.value, _("Weighted by period")
    HEADCOUNT = RuleKind.HEADCOUNT.value, _("Headcount")


WEIGHT_KEYS = ("contact", "phase_1", "phase_2", "phase_3")
NORM_KEYS = WEIGHT_KEYS
NORM_MAX_DAYS = 92  # about a phase of a 9-month course: a longer gap is no norm for CTI
# Where a manual names no frequency: weekly in the contact period and phase 1, every two weeks in
# phase 2, monthly in phase 3, which roughly halves the contact per phase (4 : 2 : 1).
DEFAULT_CONTACT_NORMS = {"contact": 7, "phase_1": 7, "phase_2": 14, "phase_3": 30}


def default_contact_norms() -> dict[str, int]:
    return dict(DEFAULT_CONTACT_NORMS)


def contact_norms_error(norms: Any) -> str | None:
    """Why the norms are not valid, or None: keys among the four periods, whole days 1 to 92."""
    if not isinstance(norms, dict):
        return str(_("The contact norms must give a number of days per period."))
    unknown = sorted(str(key) for key in norms if key not in NORM_KEYS)
    if unknown:
        return str(
            _("Unknown period in the contact norms: %(keys)s. Use contact, phase_1, phase_2 and phase_3.")
            % {"keys": ", ".join(unknown)}
        )
    for value in norms.values():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= NORM_MAX_DAYS:
            return str(
                _("A contact norm must be a whole number of days from 1 to %(max)d.") % {"max": NORM_MAX_DAYS}
            )
    return None


class ProgrammeSettings(models.Model):
    """The settings a template fixes and a programme may edit."""

    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), help_text=_("Three equal phases: 9 months gives 3-month phases.")
    )
    uses_contact_period = models.BooleanField(_("uses a contact period"), default=True)
    transition_event = models.JSONField(
        _("transition event"), help_text=_('The event that starts phase 1, e.g. {"da": "...", "en": "..."}.')
    )
    caseload_rule = models.CharField(_("caseload rule"), max_length=20, choices=CaseloadRuleKind.choices)
    caseload_weights = models.JSONField(
        _("caseload weights"),
        default=dict,
        blank=True,
        help_text=_("Weights per period for a weighted rule: contact, phase_1, phase_2, phase_3."),
    )
    caseload_max = models.DecimalField(
        _("caseload maximum per full-time worker"), max_digits=5, decimal_places=2
    )
    dimensions = models.JSONField(_("dimensions"), default=list)
    legal_bases = models.JSONField(_("legal bases"), default=list)
    tolerance_days = models.PositiveSmallIntegerField(_("timeliness tolerance (days)"), default=7)
    contact_norms = models.JSONField(
        _("contact norms"),
        default=default_contact_norms,
        blank=True,
        help_text=_(
            "At most this many days between contacts in each period: contact, phase_1, phase_2, phase_3."
        ),
    )

    checklists = models.JSONField(
        _("checklists"),
        default=dict,
        blank=True,
        help_text=_(
            "The checklist codes per period (contact, phase_1, phase_2, phase_3) and for fidelity, "
            "from overgang/checklists/data."
        ),
    )

    class Meta:
        abstract = True

    SETTING_FIELDS = (
        "duration_months",
        "uses_contact_period",
        "transition_event",
        "caseload_rule",
        "caseload_weights",
        "caseload_max",
        "dimensions",
        "legal_bases",
        "tolerance_days",
        "contact_norms",
        "checklists",
    )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.duration_months or self.duration_months % 3:
            errors["duration_months"] = _("The duration must be a multiple of three months.")
        if self.caseload_rule == CaseloadRuleKind.WEIGHTED:
            weights = self.caseload_weights or {}
            if set(weights) != set(WEIGHT_KEYS):
                errors["caseload_weights"] = _(
                    "A weighted rule needs a weight for contact, phase_1, phase_2 and phase_3."
                )
        if not self.legal_bases:
            errors["legal_bases"] = _("Offer at least one legal basis.")
        else:
            for basis in self.legal_bases:
                months = basis.get("duration_months")
                if months is not None and (int(months) <= 0 or int(months) % 3):
                    errors["legal_bases"] = _("A legal basis's duration must be a multiple of three months.")
        norms_error = contact_norms_error(self.contact_norms)
        if norms_error:
            errors["contact_norms"] = norms_error
        if errors:
            raise ValidationError(errors)

    @property
    def transition_event_label(self) -> str:
        return localised(self.transition_event)

    def dimension_labels(self) -> list[str]:
        return [localised(d) for d in self.dimensions]

    def contact_norm_days(self) -> dict[str, int]:
        """The norms as the pure core reads them: period key to at most N days between contacts."""
        return {key: int(days) for key, days in (self.contact_norms or {}).items() if key in NORM_KEYS}

    def legal_basis(self, code: str) -> dict[str, Any] | None:
        return next((b for b in self.legal_bases if b.get("code") == code), None)

    def legal_basis_choices(self) -> list[tuple[str, str]]:
        return [(b["code"], b["label"]) for b in self.legal_bases]

    def duration_for(self, legal_basis: str) -> int:
        basis = self.legal_basis(legal_basis) or {}
        return int(basis.get("duration_months") or self.duration_months)

    def caseload_rule_for(self, legal_basis: str | None = None) -> CaseloadRule:
        basis = (self.legal_basis(legal_basis) if legal_basis else None) or {}
        maximum = Fraction(Decimal(str(basis.get("caseload_max") or self.caseload_max)))
        weights = None
        if self.caseload_rule == CaseloadRuleKind.WEIGHTED:
            weights = {
                Period(key): Fraction(Decimal(str(value)))
                for key, value in (self.caseload_weights or {}).items()
            }
        return CaseloadRule(
            kind=RuleKind(self.caseload_rule),
            maximum=maximum,
            weights=weights,
            uses_contact_period=self.uses_contact_period,
        )


class ProgrammeTemplate(ProgrammeSettings):
    code = models.SlugField(_("code"), unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.JSONField(_("name"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        ordering = ["code"]

    def __str__(self) -> str:
        return localised(self.name)


class Programme(ProgrammeSettings):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("municipality")
    )
    template = models.ForeignKey(
        ProgrammeTemplate, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("template")
    )
    name = models.CharField(_("name"), max_length=150)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_programmes",
        blank=True,
        verbose_name=_("coordinators"),
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="programmes", blank=True, verbose_name=_("workers")
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name"),
            models.CheckConstraint(
                condition=models.Q(caseload_max__gt=0), name="programme_caseload_max_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_months__gt=0), name="programme_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name
