"""The change compass (Forandringskompas, shelter manual 4.1.3): every three months the citizen and
the CTI worker each rate the citizen's situation from 1 to 10 on the programme's dimensions; the
two views and their development are the starting point for a dialogue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager

# The compass scale (shelter manual 4.1.3): 1 is the worst, 10 the best.
SCALE_MIN = 1
SCALE_MAX = 10


class Slot(models.TextChoices):
    """When a round falls due: in the contact period, and at the end of each phase."""

    CONTACT = "contact", _("Contact period")
    PHASE_1 = "phase_1", _("End of phase 1")
    PHASE_2 = "phase_2", _("End of phase 2")
    PHASE_3 = "phase_3", _("End of phase 3")


SLOT_ORDER = [s.value for s in Slot]


class Respondent(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    WORKER = "worker", _("CTI worker")


class CompassInstrument(models.Model):
    """A programme's own copy of its instrument, made by the first edit. Dimensions: see instruments.py."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="compass_instrument",
        verbose_name=_("programme"),
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    dimensions = models.JSONField(_("dimensions"), default=list)
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("change compass instrument")
        verbose_name_plural = _("change compass instruments")

    def __str__(self) -> str:
        return str(self.programme)


class CompassRound(models.Model):
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="compass_rounds", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    slot = models.CharField(_("round"), max_length=20, choices=Slot.choices)
    held_on = models.DateField(_("date"))
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("change compass round")
        verbose_name_plural = _("change compass rounds")
        ordering = ["course", "held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slot"], name="compass_round_one_per_slot"),
            models.CheckConstraint(condition=Q(slot__in=SLOT_ORDER), name="compass_round_known_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} ({self.held_on})"


class CompassRating(models.Model):
    """One respondent's rating of one dimension in one round, stored by the dimension's stable key."""

    round = models.ForeignKey(CompassRound, on_delete=models.CASCADE, related_name="ratings")
    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    dimension = models.CharField(_("dimension"), max_length=40)
    value = models.PositiveSmallIntegerField(_("rating"))
    note = models.TextField(_("note"), blank=True, max_length=1000)
    rated_on = models.DateField(_("rated on"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("round__municipality_id")

    class Meta:
        verbose_name = _("change compass rating")
        verbose_name_plural = _("change compass ratings")
        ordering = ["round", "respondent", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent", "dimension"], name="compass_rating_one_per_dimension"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX), name="compass_rating_in_scale"
            ),
            models.CheckConstraint(
                condition=Q(respondent__in=["citizen", "worker"]), name="compass_rating_known_respondent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} {self.dimension}"
