"""The synthetic-data generator: deterministic, realistic in shape, within the app's own rules."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import CommandError, call_command
from django.urls import reverse

from overgang import tenancy
from overgang.accounts.models import Municipality, Role, User
from overgang.audit.models import AuditEntry
from overgang.checklists.models import ChecklistAnswer, TransitionRecord
from overgang.compass.models import CompassRating, CompassRound
from overgang.courses.cpr import cpr_passes_modulus_11, validate_cpr
from overgang.courses.models import Citizen, Course, EndReason, Pause
from overgang.journal.models import ContactEntry, ContactStatus
from overgang.method.clock import compute_schedule, next_step
from overgang.plans.models import CtiPlan, PlanRevision, RevisionKind
from overgang.programmes.models import Programme
from overgang.scale.generator import (
    BENCH_PROGRAMME_NAME,
    MUNICIPALITY_NAME,
    PRESETS,
    Generator,
    Scale,
    draw_story,
)

PASSWORD_HASH = make_password("overgang-bench")


def generate(*, seed: int, prefix: str, today: dt.date) -> dict[str, int]:
    generator = Generator(PRESETS["tiny"], seed=seed, prefix=prefix, today=today, password_hash=PASSWORD_HASH)
    return dict(generator.run())


def citizens_of(prefix: str) -> list[tuple[str, str, str]]:
    municipality = Municipality.objects.get(name=MUNICIPALITY_NAME.format(number=1, prefix=prefix))
    return list(
        Citizen.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("first_name", "last_name", "cpr")
    )


@pytest.fixture
def generated(db: Any, today: dt.date) -> Municipality:
    generate(seed=1, prefix="bench", today=today)
    return Municipality.objects.get(name=MUNICIPALITY_NAME.format(number=1, prefix="bench"))


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db: Any, today: dt.date) -> None:
    first = generate(seed=1, prefix="first", today=today)
    again = generate(seed=1, prefix="again", today=today)
    other = generate(seed=2, prefix="other", today=today)
    assert first == again
    assert citizens_of("first") == citizens_of("again")
    assert citizens_of("first") != citizens_of("other")
    assert first != other


def test_a_story_is_drawn_the_same_from_the_same_seed(today: dt.date) -> None:
    import random

    def draw(seed: int) -> list[Any]:
        rng = random.Random(seed)
        return [
            draw_story(rng, today=today, referral=today - dt.timedelta(days=300 + n), duration_months=9,
                       uses_contact_period=True)
            for n in range(50)
        ]  # fmt: skip

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_the_tiny_preset_has_its_size(generated: Municipality) -> None:
    assert Course.objects.filter(municipality=generated).count() == PRESETS["tiny"].courses
    assert User.objects.filter(municipality=generated, role=Role.WORKER).count() == PRESETS["tiny"].workers
    assert User.objects.filter(username="bench-worker-001", municipality=generated).exists()
    assert User.objects.filter(username="bench-coordinator-001", role=Role.COORDINATOR).exists()
    programme = Programme.objects.get(municipality=generated, name=BENCH_PROGRAMME_NAME)
    assert programme.workers.filter(username="bench-worker-001").exists()


def test_the_bench_programme_gets_its_running_courses(db: Any, today: dt.date) -> None:
    scale = Scale(municipalities=1, workers=8, courses=120, journal_per_course=2, bench_running=40)
    Generator(scale, seed=1, prefix="bench", today=today, password_hash=PASSWORD_HASH).run()
    programme = Programme.objects.get(
        name=BENCH_PROGRAMME_NAME, municipality__name__contains="(bench, fiktiv)"
    )
    assert Course.objects.filter(programme=programme, end_date__isnull=True).count() >= 40


def test_generated_users_log_in_with_the_bench_password(generated: Municipality) -> None:
    worker = User.objects.get(username="bench-worker-001")
    assert worker.check_password("overgang-bench")


def test_every_period_every_ending_reason_and_pauses_are_present(
    generated: Municipality, today: dt.date
) -> None:
    courses = list(
        Course.objects.filter(municipality=generated).select_related("programme").prefetch_related("pauses")
    )
    periods = {
        str(compute_schedule(c.clock_dates(), today=today).period) for c in courses if c.end_date is None
    }
    assert {"referred", "contact", "phase_1", "phase_2", "phase_3"} <= periods
    assert {c.end_reason for c in courses if c.end_date is not None} == set(EndReason.values)
    pauses = Pause.objects.filter(course__municipality=generated)
    assert pauses.filter(resume__isnull=True).exists()
    assert pauses.filter(resume__isnull=False).exists()
    assert any(c.restarted_from_id is not None for c in courses)
    assert all(c.phase_3_start is not None for c in courses if c.end_reason == EndReason.COMPLETED)


def test_every_generated_course_has_its_next_step_stored(generated: Municipality) -> None:
    # The generator writes with COPY, around Course.save(): it stores the step itself.
    courses = (
        Course.objects.filter(municipality=generated).select_related("programme").prefetch_related("pauses")
    )
    assert courses.count() > 20
    for course in courses:
        step = next_step(course.clock_dates())
        assert (course.next_step_on, course.next_step_paused_from) == (step.on, step.paused_from), course.pk
    assert courses.filter(next_step_paused_from__isnull=False).exists()  # an open pause moves a step


def test_plans_have_revisions_and_are_carried_forward(generated: Municipality) -> None:
    plans = CtiPlan.objects.filter(municipality=generated)
    assert plans.filter(period="phase_2", carried_from__isnull=False).exists()
    for plan in plans.prefetch_related("revisions"):
        numbers = sorted(r.number for r in plan.revisions.all())
        assert numbers == list(range(1, plan.version + 1))
    assert PlanRevision.objects.filter(
        plan__municipality=generated, kind=RevisionKind.SUB_GOAL_ACHIEVED
    ).exists()
    assert PlanRevision.objects.filter(plan__municipality=generated, kind=RevisionKind.FOLLOW_UP).exists()


def test_the_journal_follows_the_courses(generated: Municipality, today: dt.date) -> None:
    entries = ContactEntry.objects.filter(municipality=generated).select_related("course")
    assert entries.count() > PRESETS["tiny"].courses
    for entry in entries:
        day = entry.occurred_at.date()
        assert day >= entry.course.referral_date
        if entry.status == ContactStatus.PLANNED:
            assert entry.course.end_date is None and day > today
        else:
            assert day <= today
            assert entry.course.end_date is None or day < entry.course.end_date
    happened = entries.filter(status=ContactStatus.HAPPENED)
    assert not happened.filter(duration_minutes=0).exists()
    for pause in Pause.objects.filter(course__municipality=generated, resume__isnull=False):
        inside = entries.filter(
            course=pause.course_id, occurred_at__date__gte=pause.start, occurred_at__date__lt=pause.resume
        )
        assert not inside.exclude(status=ContactStatus.PLANNED).exists()


def test_checklists_transitions_and_audit_are_written(generated: Municipality) -> None:
    assert ChecklistAnswer.objects.filter(course__municipality=generated).exists()
    records = TransitionRecord.objects.filter(course__municipality=generated)
    assert records.filter(to_period="phase_2").exists()
    # Leaving phase 1 keeps phase 1's transition items, most of them answered by then.
    assert records.filter(to_period="phase_2", total__gt=0, answered__gt=0).exists()
    courses = Course.objects.filter(municipality=generated)
    audit = AuditEntry.objects.filter(municipality=generated)
    assert (
        audit.filter(action="course.referred").count() == courses.filter(restarted_from__isnull=True).count()
    )
    assert audit.filter(action="course.ended").count() == courses.filter(end_date__isnull=False).count()
    assert (
        audit.filter(action="contact.created").count()
        == ContactEntry.objects.filter(municipality=generated).count()
    )
    # The audit keeps when it happened, not when the generator ran.
    assert audit.order_by("at").first().at.date() < audit.order_by("at").last().at.date()  # type: ignore[union-attr]


def test_shelter_courses_get_change_compass_rounds_rated_by_both(generated: Municipality) -> None:
    rounds = CompassRound.objects.filter(municipality=generated)
    assert rounds.exists()
    assert not rounds.exclude(course__programme__template__code="shelter").exists()
    for compass_round in rounds.prefetch_related("ratings"):
        assert {r.respondent for r in compass_round.ratings.all()} == {"citizen", "worker"}
        assert compass_round.held_on >= compass_round.course.referral_date
    assert (
        not CompassRating.objects.filter(round__municipality=generated).exclude(value__range=(1, 10)).exists()
    )


def test_citizens_are_clearly_fictitious(generated: Municipality) -> None:
    for citizen in Citizen.objects.filter(municipality=generated):
        validate_cpr(citizen.cpr)
        assert not cpr_passes_modulus_11(citizen.cpr)
        assert citizen.address.endswith("9999 Skalaby")
    assert "fiktiv" in generated.name


def test_generated_rows_belong_to_their_municipality(
    generated: Municipality, other_municipality: Any
) -> None:
    for course in Course.objects.filter(municipality=generated).select_related(
        "citizen", "programme", "worker"
    ):
        assert course.citizen.municipality_id == generated.pk
        assert course.programme.municipality_id == generated.pk
        assert course.worker.municipality_id == generated.pk
    assert (
        not ContactEntry.objects.filter(course__municipality=generated)
        .exclude(municipality=generated)
        .exists()
    )
    assert not CtiPlan.objects.filter(course__municipality=generated).exclude(municipality=generated).exists()
    with tenancy.scope(other_municipality.pk):
        assert not Course.objects.exists()
        assert not ContactEntry.objects.exists()
        assert not AuditEntry.objects.filter(municipality=generated).exists()
    with tenancy.scope(generated.pk):
        assert Course.objects.count() == PRESETS["tiny"].courses


def test_a_generated_course_renders_for_its_worker(
    generated: Municipality, client_for: Any, frozen_today: dt.date
) -> None:
    course = (
        Course.objects.filter(municipality=generated, end_date__isnull=True, phase_2_start__isnull=False)
        .order_by("pk")
        .first()
    )
    assert course is not None
    client = client_for(course.worker)
    for name in ("courses:detail", "plans:plan", "journal:journal", "checklists:checklist"):
        response = client.get(reverse(name, args=[course.pk]))
        assert response.status_code == 200, name
    assert (
        course.citizen.last_name in client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    )
    phase_plan = client.get(reverse("desk:phase_plan"))
    assert phase_plan.status_code == 200
    assert reverse("courses:detail", args=[course.pk]) in phase_plan.content.decode()


def test_the_phase_plan_renders_for_the_bench_coordinator(
    generated: Municipality, client_for: Any, frozen_today: dt.date
) -> None:
    coordinator = User.objects.get(username="bench-coordinator-001")
    programme = Programme.objects.get(municipality=generated, name=BENCH_PROGRAMME_NAME)
    response = client_for(coordinator).get(reverse("desk:phase_plan"), {"programme": programme.pk})
    assert response.status_code == 200
    running = (
        Course.objects.filter(programme=programme, end_date__isnull=True).select_related("citizen").first()
    )
    assert running is not None
    assert running.citizen.last_name in response.content.decode()


def test_the_command_reports_rows_and_refuses_the_same_seed_twice(db: Any) -> None:
    out, err = StringIO(), StringIO()
    call_command("generate_data", "--preset", "tiny", stdout=out, stderr=err)
    assert "rows/second" in out.getvalue()
    assert "courses.Course" in out.getvalue()
    with pytest.raises(CommandError, match="already holds generated data for seed 1"):
        call_command("generate_data", "--preset", "tiny", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="--into-empty"):
        call_command(
            "generate_data", "--preset", "tiny", "--seed", "3", "--into-empty", stdout=out, stderr=err
        )
