"""The network overview (appendix 7): who the citizen is in contact with, in the private and the
professional network, and what each person can help with. The CTI worker keeps it up to date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from overgang.tenancy import TenantManager


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

    objects = TenantManager("municipality_id")

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


class NetworkPhoto(models.Model):
    """An optional photo of a person in the network (appendix 7: "indsæt gerne et billede").

    Kept as bytes in the database, not as a file: the photo is personal data about a third party,
    and in the database it is covered by the one backup we already take, removed with the person,
    never reachable through a static or media URL, and needs no shared file storage between app
    servers. The bytes are always our own re-encoding (small JPEG, no metadata), so they stay
    small (tens of kilobytes)."""

    person = models.OneToOneField(NetworkPerson, on_delete=models.CASCADE, related_name="photo")
    image = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=30, default="image/jpeg")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("person__municipality_id")

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"photo {self.pk}"


class MapSector(models.TextChoices):
    """The five fields of the network map (appendix 8, figure 6), in the appendix's order."""

    FAMILY = "family", _("Family")
    RELATIVES = "relatives", _("Relatives")
    OTHERS = "others", _("Others")
    WORK_SCHOOL = "work_school", _("Work/school/offers")
    PROFESSIONALS = "professionals", _("Professionals")


class MapRing(models.IntegerChoices):
    """How close the person feels to the citizen: the distance from the centre of the map."""

    CLOSE = 1, _("Close by")
    MIDDLE = 2, _("In between")
    FAR = 3, _("Further away")


class NetworkMap(models.Model):
    """The citizen's network map (appendix 8). One per citizen; its version guards every change
    (placing, lines), so two tabs cannot silently overwrite each other."""

    citizen = models.OneToOneField(
        "courses.Citizen", on_delete=models.PROTECT, related_name="network_map", verbose_name=_("citizen")
    )
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager("municipality_id")

    class Meta:
        verbose_name = _("network map")
        verbose_name_plural = _("network maps")

    def __str__(self) -> str:
        return f"network map {self.pk}"


class MapPlacement(models.Model):
    """Where a person sits on the map, as data: x and y on the unit circle around the citizen
    (normalised, so any drawing size works). The field and ring are derived from the position
    (overgang.network.geometry), so they can never disagree with it."""

    network_map = models.ForeignKey(NetworkMap, on_delete=models.CASCADE, related_name="placements")
    person = models.OneToOneField(NetworkPerson, on_delete=models.CASCADE, related_name="placement")
    x = models.FloatField()
    y = models.FloatField()

    objects = TenantManager("network_map__municipality_id")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(x__gte=-1, x__lte=1, y__gte=-1, y__lte=1), name="map_placement_on_the_map"
            ),
        ]

    def __str__(self) -> str:
        return f"placement {self.pk}"


class MapLine(models.Model):
    """A line the citizen draws between two people who have something to do with each other.
    Stored once per pair, the lower person id first."""

    network_map = models.ForeignKey(NetworkMap, on_delete=models.CASCADE, related_name="lines")
    person_a = models.ForeignKey(NetworkPerson, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(NetworkPerson, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("network_map__municipality_id")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="map_line_once_per_pair"),
            models.CheckConstraint(
                condition=Q(person_a__lt=models.F("person_b")), name="map_line_ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"line {self.pk}"


class ConsentScope(models.TextChoices):
    """Who else in Overgang may see the map; the citizen decides (appendix 8)."""

    WORKER = "worker", _("Only the CTI worker")
    WORKER_AND_COORDINATOR = "worker_and_coordinator", _("The CTI worker and the coordinator")
    EVERYONE = "everyone", _("Everyone in Overgang who works with the course, managers included")


class MapConsent(models.Model):
    """The citizen's consent to show the network map to others. Append-only: the newest row is the
    one in force, the older rows are its history. A withdrawal is a row of its own."""

    citizen = models.ForeignKey("courses.Citizen", on_delete=models.PROTECT, related_name="map_consents")
    municipality = models.ForeignKey("accounts.Municipality", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(_("who may see the map"), max_length=30, choices=ConsentScope.choices)
    given_on = models.DateField(_("date of the consent"))
    shared_with = models.ManyToManyField(
        NetworkPerson,
        blank=True,
        related_name="+",
        verbose_name=_("people in the network it may be shown to"),
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    is_withdrawal = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager("municipality_id")

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=[s.value for s in ConsentScope]), name="map_consent_known_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"
