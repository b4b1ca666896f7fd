"""Synthetic safety plans for the demo: the running shelter-programme courses that have started
phase 1 get a plan made through the service (some reviewed again later), and one or two of their
citizens get the confidential-address marker. No real person's data."""

from __future__ import annotations

import datetime
import random

from overgang.accounts.models import Municipality
from overgang.courses.models import Course
from overgang.safety.models import SHELTER_TEMPLATE
from overgang.safety.services import citizen_mark_confidential_address, safety_plan_save

FIRST = {
    "risks": (
        "Kvinden er bekymret for at møde ham i supermarkedet. Han kender ikke den nye adresse.",
        "Bekymret for børnenes skolevej; han har tidligere ventet uden for skolen.",
        "Frygter, at familien fortæller ham, hvor hun bor.",
    ),
    "escape_route": (
        "Ud ad bagdøren til naboen i nr. 9, derfra taxa til krisecentret. Toilettet kan låses indefra.",
        "Til søsteren i en anden by; han kender ikke adressen. Ring 112 undervejs.",
    ),
    "belongings": (
        "Pas, sygesikringskort, kontanter og tøj til to dage i en taske hos veninden.",
        "Børnenes medicin og id-kort i en mappe i bilen.",
    ),
    "home_security": (
        "Sikkerhedslås og dørspion bestilt via boligselskabet.",
        "Vinduet i stuen kan ikke lukkes ordentligt: anmeldt til viceværten.",
    ),
    "police_measures": (
        "Overfaldsalarm bevilget af politiet. Tilhold søgt; afgørelse ventes.",
        "Politiet har givet tilhold i et år.",
    ),
    "phone_and_social_media": (
        "Nyt telefonnummer. Lokalitet slået fra på telefonen; ingen billeder af boligen på sociale medier.",
        "Blokerer ham på alle medier; gemmer beskeder som dokumentation.",
    ),
    "children_and_family_law": (
        "Udlevering til samvær sker på skolen, ikke ved boligen. Møde i Familieretshuset: "
        "CTI-medarbejderen tager med, og vi øver samtalen på forhånd.",
    ),
    "worker_safety": (
        "Hjemmebesøg to og to de første gange. Aldrig møder på offentlige steder, hvor han kommer.",
        "Medarbejderen parkerer ikke ved boligen.",
    ),
}


def load_demo_data(*, municipality: Municipality, today: datetime.date, rng: random.Random) -> None:
    courses = list(
        Course.objects.filter(
            municipality=municipality,
            end_date__isnull=True,
            phase_1_start__isnull=False,
            programme__template__code=SHELTER_TEMPLATE,
            safety_plan__isnull=True,
        )
        .select_related("programme__template", "citizen", "worker")
        .order_by("pk")
    )
    for course in courses:
        assert course.phase_1_start is not None
        made_on = min(today, course.phase_1_start + datetime.timedelta(days=rng.randint(3, 14)))
        values = {name: rng.choice(texts) for name, texts in FIRST.items() if rng.random() < 0.85}
        plan = safety_plan_save(
            course=course,
            actor=course.worker,
            expected_version=0,
            today=today,
            reviewed_on=made_on,
            **values,
        )
        if (today - made_on).days > 60 and rng.random() < 0.6:
            # Safety runs through the whole course: a later review changes a part or two.
            review = {name: getattr(plan, name) for name in FIRST}
            review["police_measures"] = (
                "Politiet har givet tilhold i et år. Overfaldsalarmen er afleveret igen."
            )
            safety_plan_save(
                course=course,
                actor=course.worker,
                expected_version=plan.version,
                today=today,
                reviewed_on=made_on + datetime.timedelta(days=rng.randint(30, 60)),
                **review,
            )
    for course in courses[:2]:
        citizen_mark_confidential_address(citizen=course.citizen, actor=course.worker, confidential=True)
