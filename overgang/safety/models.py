"""The safety plan (shelter manual 3.1.2): what the woman and her CTI worker have planned for her
safety, her children's and the worker's own, part by part as the manual lists them. Only shelter-
programme courses have one. Every accepted change is a numbered revision holding the whole plan as it
then stood, so nothing written is ever lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
else:
    StrOrPromise = str

SHELTER_TEMPLATE = "shelter"
PART_MAX_LENGTH = 4000

# The parts in the manual's order; the help texts are its guiding questions.
PART_FIELDS = (
    "risks",
    "escape_route",
    "belongings",
    "home_security",
    "police_measures",
    "phone_and_social_media",
    "children_and_family_law",
    "worker_safety",
)


def _part(label: StrOrPromise, help_text: StrOrPromise) -> models.TextField:
    return models.TextField(label, blank=True, max_length=PART_MAX_LENGTH, help_text=help_text)


class SafetyPlan(models.Model):
    course = models.OneToOneField(
        "courses.Course", on_delete=models.PROTECT, related_name="safety_plan", verbose_name=_("course")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    risks = _part(
        _("Risks and worries"),
        _(
            "Talk with the woman about safety and possible safety risks. What worries does she have "
            "about her own and any children's safety on moving out of the shelter? Whether the threat "
            "is real or not, the fear of violence can steer what she does. Without permanent residence, "
            "or when exposed to honour-related violence, the safety situation is sharper."
        ),
    )
    escape_route = _part(
        _("Escape route and destination"),
        _(
            "What should be done if new violence occurs? Which escape route can she plan, and which "
            "destination: for example a women's shelter, family and friends or the police? Preferably "
            "a place the perpetrator does not know and will not look for her. Is there a place in the "
            "home where she can lock herself in and call the police?"
        ),
    )
    belongings = _part(
        _("Belongings and documents kept ready, and where"),
        _(
            "Which necessary belongings of hers and any children's, for example money, clothes and ID, "
            "are collected, and where are they kept so she can reach them quickly in an emergency? "
            "Preferably somewhere other than where she fears the violent situation will arise."
        ),
    )
    home_security = _part(
        _("Securing the home"),
        _(
            "Is physical securing of the home needed, so that it is difficult to break in? How can "
            "she be supported in strengthening safety in the home?"
        ),
    )
    police_measures = _part(
        _("Police measures"),
        _(
            "What exists or has been asked for: an assault alarm, a restraining order, an exclusion "
            "order or removal from the home? The police decide on these."
        ),
    )
    phone_and_social_media = _part(
        _("Safety on phone and social media"),
        _(
            "How can she react if the perpetrator contacts her, and how can she handle any spreading "
            "of rumours? What does she share on social media herself, especially if she lives hidden "
            "from the perpetrator?"
        ),
    )
    children_and_family_law = _part(
        _("Handing over children and meetings with the Family Law House"),
        _(
            "How is her safety ensured where she cannot avoid meeting the perpetrator: handing over "
            "children for contact, meetings with the Family Law House (formerly the State "
            "Administration) about contact, and any court cases? Which worries does she have, and "
            "which strategies can she use?"
        ),
    )
    worker_safety = _part(
        _("The CTI worker's own safety"),
        _(
            "How does the CTI worker look after their own safety in case the perpetrator reacts "
            "against the worker?"
        ),
    )
    reviewed_on = models.DateField(
        _("reviewed on"),
        null=True,
        blank=True,
        help_text=_(
            "Safety runs through the whole course: go through the plan with the woman again in each phase."
        ),
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("safety plan")
        verbose_name_plural = _("safety plans")
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="safety_plan_version_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Safety plan"))

    @property
    def parts(self) -> list[tuple[str, str, str, str]]:
        """(field, label, help text, value) in the manual's order."""
        result = []
        for name in PART_FIELDS:
            field = self._meta.get_field(name)
            result.append((name, str(field.verbose_name), str(field.help_text), getattr(self, name)))  # type: ignore[union-attr]
        return result


class SafetyPlanRevision(models.Model):
    """The whole plan as it stood after one accepted write."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("version"))
    values = models.JSONField(default=dict)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("plan__municipality_id")

    class Meta:
        verbose_name = _("safety plan version")
        verbose_name_plural = _("safety plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="safety_revision_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"
