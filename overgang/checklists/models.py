"""The manuals' checklists as data, and the answers given on each course.

A checklist is one versioned transcription (data/*.json, loaded by migration) — appendices 1–3 and
each manual's transition lists, and appendix 4 for fidelity. A programme may get an edited copy
(`programme` set). Answers point at the item of the version they were given to, so editing a
checklist never rewrites history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from overgang.programmes.models import localised
from overgang.tenancy import TenantManager


class ChecklistKind(models.TextChoices):
    PHASE = "phase", _("Phase checklist")
    TRANSITION = "transition", _("Transition checklist")
    FIDELITY = "fidelity", _("Fidelity checklist")


class AnswerScale(models.TextChoices):
    YES_NO_IRRELEVANT = "yes_no_irrelevant", _("Yes / No / Not relevant")
    YES_NO_UNKNOWN = "yes_no_unknown", _("Yes / No / Don't know")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    IRRELEVANT = "irrelevant", _("Not relevant")
    UNKNOWN = "unknown", _("Don't know")


SCALE_ANSWERS = {
    AnswerScale.YES_NO_IRRELEVANT: (Answer.YES, Answer.NO, Answer.IRRELEVANT),
    AnswerScale.YES_NO_UNKNOWN: (Answer.YES, Answer.NO, Answer.UNKNOWN),
}


class Checklist(models.Model):
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklists_edited",
        verbose_name=_("edited copy for programme"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChecklistKind.choices)
    period = models.CharField(_("period"), max_length=10, blank=True)
    scale = models.CharField(_("answers"), max_length=20, choices=AnswerScale.choices)
    title = models.JSONField(_("title"))
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("programme__municipality_id", shared_when_null="programme")

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(programme__isnull=True),
                name="checklist_shared_version",
            ),
            models.UniqueConstraint(
                fields=["code", "version", "programme"],
                condition=Q(programme__isnull=False),
                name="checklist_programme_version",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="checklist_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{localised(self.title)} (v{self.version})"

    @property
    def title_label(self) -> str:
        return localised(self.title)

    @property
    def intro_label(self) -> str:
        return localised(self.intro)

    @property
    def answer_choices(self) -> tuple[Answer, ...]:
        return SCALE_ANSWERS[AnswerScale(self.scale)]


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=80)
    group = models.PositiveSmallIntegerField(default=0)
    heading = models.JSONField(null=True, blank=True)
    transition = models.CharField(max_length=10, blank=True)  # phase_1 … phase_3, end: "Ved overgang til …"
    text = models.JSONField()
    evidence = models.CharField(max_length=20, blank=True)  # what the system can answer from its own data

    objects = TenantManager("checklist__programme__municipality_id", shared_when_null="checklist__programme")

    class Meta:
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="checklist_item_code"),
            models.UniqueConstraint(fields=["checklist", "position"], name="checklist_item_position"),
        ]

    def __str__(self) -> str:
        return self.label[:80]

    @property
    def label(self) -> str:
        return localised(self.text)

    @property
    def heading_label(self) -> str:
        return localised(self.heading) if self.heading else ""


class ChecklistAnswer(models.Model):
    """One course's answer to one item, with who answered and when."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="checklist_answers", verbose_name=_("course")
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    objects = TenantManager("course__municipality_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "item"], name="checklist_answer_once"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "no", "irrelevant", "unknown"]), name="checklist_answer_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"


class TransitionRecord(models.Model):
    """The documentation kept with a phase transition: the transition checklist as it stood, and the
    timeliness from the clock. Time drives the phases, so an incomplete checklist never blocks."""

    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="transition_records")
    to_period = models.CharField(max_length=10)
    on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(default=list)  # [{"code", "text", "answer", "comment"}] as they stood
    answered = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    timeliness = models.CharField(max_length=12, blank=True)
    timeliness_days = models.PositiveIntegerField(
        null=True, blank=True
    )  # days early or late against the plan

    objects = TenantManager("course__municipality_id")

    class Meta:
        ordering = ["course", "on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered__lte=models.F("total")), name="transition_answered_le_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_id} → {self.to_period} ({self.on})"

    def get_to_label(self) -> str:
        return str(TRANSITION_LABELS.get(self.to_period, self.to_period))

    @property
    def timeliness_label(self) -> str:
        if self.timeliness == "on_time":
            return str(_("on time"))
        days = self.timeliness_days or 0
        if self.timeliness == "early":
            return ngettext("%(days)s day early", "%(days)s days early", days) % {"days": days}
        if self.timeliness == "late":
            return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}
        return ""

    @property
    def item_rows(self) -> list[dict[str, str]]:
        labels = dict(Answer.choices)
        return [
            {
                "text": localised(item.get("text")),
                "answer": str(labels.get(item.get("answer") or "", _("not answered"))),
                "comment": item.get("comment") or "",
            }
            for item in self.items
        ]


TRANSITION_LABELS = {
    "phase_1": _("Phase 1 started"),
    "phase_2": _("Phase 2 started"),
    "phase_3": _("Phase 3 started"),
    "ended": _("Course ended"),
}
