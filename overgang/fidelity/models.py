"""Fidelity reviews (appendix 4): the coordinator answers the fidelity checklist for a programme,
or for one course, at a date. Items the system can answer from its own data are pre-filled with
the evidence; an answer that differs from the evidence needs a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from overgang.method.fidelity import FidelityScore, fidelity_score
from overgang.tenancy import TenantManager


class FidelityReview(models.Model):
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="fidelity_reviews",
        verbose_name=_("programme"),
    )
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fidelity_reviews",
        verbose_name=_("course"),
    )
    checklist = models.ForeignKey("checklists.Checklist", on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(_("date of the review"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        ordering = ["programme", "-reviewed_on", "-pk"]
        verbose_name = _("fidelity review")
        verbose_name_plural = _("fidelity reviews")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.reviewed_on}"

    def score(self) -> FidelityScore:
        answers = {a.item_id: a.answer for a in self.answers.all()}
        return fidelity_score(answers.get(item.pk) for item in self.checklist.items.all())


class FidelityAnswer(models.Model):
    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("checklists.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10)
    suggested = models.CharField(max_length=10, blank=True)  # what the evidence said, if anything
    evidence = models.TextField(blank=True)  # the evidence as shown to the reviewer, in their language
    reason = models.CharField(_("reason for a different answer"), max_length=500, blank=True)

    objects = TenantManager("review__municipality_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="fidelity_answer_once"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "no", "unknown"]), name="fidelity_answer_known"
            ),
            models.CheckConstraint(
                condition=Q(suggested="") | Q(answer=models.F("suggested")) | ~Q(reason=""),
                name="fidelity_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"

    @property
    def overridden(self) -> bool:
        return bool(self.suggested) and self.answer != self.suggested
