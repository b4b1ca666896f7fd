"""The network overview (appendix 7): who the citizen is in contact with, in the private and the
professional network, and what each person can help with. The CTI worker keeps it up to date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NetworkRole(models.TextChoices):
    """The rows of appendix 7 (table 6), in its order."""

    FAMILY = "family", _("Family/relatives")
    CASE_WORKER_CHILDREN = "case_worker_children", _("Case worker (children and young people)")
    CASE_WORKER_ADULTS = "case_worker_adults", _("Case worker (adults)")
    BENEFITS_CASE_WORKER = "benefits_case_worker", _("Benefits case worker")
    UU_COUNSELLOR = "uu_counsellor", _("UU counsellor")
    JOB_CENTRE_CONSULTANT = "job_centre_consultant", _("Job-centre consultant")
    SUPPORT_CONTACT_PERSON = "support_contact_person", _("Support and contact person")
    INPATIENT_PSYCHIATRY = "inpatient_psychiatry", _("Psychiatric treatment (inpatient ward)")
    DISTRICT_PSYCHIATRY = "district_psychiatry", _("District/local psychiatry")
    SUBSTANCE_CONSULTANT = "substance_consultant", _("Substance-abuse consultant")
    PPR = "ppr", _("PPR staff member")
    SSP = "ssp", _("SSP staff member")
    FOSTER_CARE_CONSULTANT = "foster_care_consultant", _("Foster-care consultant")
    FAMILY_THERAPIST = "family_therapist", _("Family therapist")
    PLACEMENT = "placement", _("Placement")
    PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
    GP = "gp", _("Own GP")
    SCHOOL = "school", _("School representative")
    EDUCATION = "education", _("Educational institution")
    COMPANY = "company", _("Company representative")
    WORK_PLACEMENT = "work_placement", _("Work-placement representative")
    OTHER = "other", _("Others")


PRIVATE_ROLES = {NetworkRole.FAMILY}


class NetworkPerson(models.Model):
    citizen = models.ForeignKey(
        "courses.Citizen", on_delete=models.PROTECT, related_name="network", verbose_name=_("citizen")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=30, choices=NetworkRole.choices)
    role_text = models.CharField(
        _("role, in your own words"),
        max_length=100,
        blank=True,
        help_text=_("For example: neighbour, friend."),
    )
    name = models.CharField(_("name"), max_length=150)
    direct_phone = models.CharField(_("direct number"), max_length=30, blank=True)
    main_phone = models.CharField(_("main number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("already an active part of the citizen's network"), default=False)
    can_help_with = models.TextField(_("what the person can help with"), blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person in the network")
        verbose_name_plural = _("network")
        ordering = ["citizen", "role", "name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="network_person_has_name"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in NetworkRole]), name="network_person_known_role"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_private(self) -> bool:
        return self.role in PRIVATE_ROLES or (self.role == NetworkRole.OTHER and bool(self.role_text))

    @property
    def role_label(self) -> str:
        label = str(self.get_role_display())
        return f"{label}: {self.role_text}" if self.role_text else label
