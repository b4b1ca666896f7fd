"""Load the demo municipality: synthetic people, dates relative to today, through the real services.

Running it again changes nothing: the demo municipality is created once.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from overgang.accounts.models import Municipality, Role, Team, User
from overgang.checklists.selectors import PERIODS as CHECKLIST_PERIODS
from overgang.checklists.selectors import checklist_for, course_checklist
from overgang.checklists.services import answer_save
from overgang.compass import demo as compass_demo
from overgang.courses import services
from overgang.courses.cpr import cpr_passes_modulus_11
from overgang.courses.models import Course
from overgang.fidelity.evidence import EVIDENCE
from overgang.fidelity.services import review_create
from overgang.handover import demo as handover_demo
from overgang.handover.demo_job import load_demo_data_job
from overgang.jobs import demo as jobs_demo
from overgang.journal.models import ContactKind, ContactStatus
from overgang.journal.services import contact_entry_create
from overgang.method.clock import CourseDates, Period, compute_schedule, period_on, planned_transitions
from overgang.method.clock import Pause as ClockPause
from overgang.network import demo as network_demo
from overgang.plans import services as plans
from overgang.programmes.models import Programme, ProgrammeTemplate
from overgang.programmes.services import programme_create
from overgang.safety import demo as safety_demo
from overgang.supervision import services as supervision

DEMO_MUNICIPALITY_CODE = "999"  # not a real municipality code (they run 101–860)
DEMO_PASSWORD = "overgang-demo"  # noqa: S105 - synthetic demo accounts only

FIRST_NAMES = [
    "Alfa",
    "Bravo",
    "Carla",
    "Dennis",
    "Eva",
    "Frode",
    "Gitte",
    "Hugo",
    "Ida",
    "Jens",
    "Karla",
    "Lars",
    "Maja",
    "Niels",
    "Olga",
    "Poul",
    "Rikke",
    "Svend",
    "Tove",
    "Ulrik",
    "Vera",
    "Willy",
    "Yrsa",
    "Åse",
    "Bent",
    "Dorte",
    "Erik",
    "Hanne",
    "Kaj",
    "Lone",
    "Mogens",
    "Nina",
    "Oskar",
    "Pia",
    "Rune",
    "Sonja",
    "Tage",
    "Ulla",
    "Vagn",
    "Birte",
    "Conny",
    "Flemming",
]
LAST_NAMES = [
    "Demosen",
    "Eksempelsen",
    "Prøvesen",
    "Testrup",
    "Fiktivsen",
    "Opdigtet",
    "Skabelonsen",
    "Modelsen",
]

USERS = [
    # username, first, last, role, fte
    ("koordinator", "Kirsten", "Koordinatorsen", Role.COORDINATOR, "1.00"),
    ("mette", "Mette", "Medarbejdersen", Role.WORKER, "1.00"),
    ("jonas", "Jonas", "Deltidsen", Role.WORKER, "0.50"),
    ("sara", "Sara", "Støttesen", Role.WORKER, "1.00"),
    ("ali", "Ali", "Jobsen", Role.WORKER, "1.00"),
    ("jobkonsulent", "Johanne", "Virksomhedsen", Role.JOB_CONSULTANT, "1.00"),
    ("leder", "Lene", "Ledersen", Role.MANAGER, "1.00"),
    ("admin", "Adam", "Administratorsen", Role.ADMINISTRATOR, "1.00"),
]


@dataclass
class Scenario:
    """One demo course, in days before today (positive = in the past)."""

    programme: str
    worker: str
    referral: int
    contact: int | None = None
    phase_1: int | None = None
    legal_basis: str | None = None
    late_days: int = 0  # how late each realised transition was registered
    skip_overdue: bool = False  # leave the next due transition unregistered
    pauses: list[tuple[int, int | None, str]] = field(default_factory=list)  # start, resume, reason
    end: tuple[int, str] | None = None
    restart_after_end: int | None = None
    silent: int = 0  # days since the last contact in the journal (0: the usual rhythm up to today)


def _scenarios() -> list[Scenario]:
    s = Scenario
    return [
        # Mette, homelessness, 1.0 FTE: over capacity.
        # (phase 1 weighs 2, phase 2 1, contact period and phase 3 0.5)
        s("homelessness", "mette", 120, contact=110, phase_1=40),
        s("homelessness", "mette", 150, contact=140, phase_1=60, pauses=[(30, 20, "hospital")]),
        s("homelessness", "mette", 100, contact=95, phase_1=20, silent=19),
        s("homelessness", "mette", 200, contact=190, phase_1=105, skip_overdue=True),
        s("homelessness", "mette", 220, contact=210, phase_1=120, late_days=12),
        s("homelessness", "mette", 240, contact=235, phase_1=150),
        s("homelessness", "mette", 260, contact=250, phase_1=170, pauses=[(100, 75, "imprisonment")]),
        s("homelessness", "mette", 40, contact=35),
        s("homelessness", "mette", 130, contact=125),  # long contact period
        s("homelessness", "mette", 330, contact=320, phase_1=210),
        # Jonas, homelessness, 0.5 FTE.
        s("homelessness", "jonas", 90, contact=80, phase_1=10),
        s("homelessness", "jonas", 200, contact=195, phase_1=130),
        s("homelessness", "jonas", 300, contact=290, phase_1=220, pauses=[(12, None, "hospital")]),
        s("homelessness", "jonas", 5),
        s("homelessness", "jonas", 400, contact=390, phase_1=300, end=(25, "completed")),
        s("homelessness", "jonas", 200, contact=190, phase_1=150, end=(60, "moved")),
        # Sara, women leaving a crisis shelter, headcount.
        s("shelter", "sara", 60, contact=55),
        s("shelter", "sara", 80, contact=75, phase_1=30),
        s("shelter", "sara", 150, contact=140, phase_1=100, silent=23),
        s("shelter", "sara", 180, contact=170, phase_1=110, late_days=9),
        s("shelter", "sara", 250, contact=240, phase_1=200),
        s("shelter", "sara", 300, contact=290, phase_1=230, pauses=[(150, 140, "treatment")]),
        s("shelter", "sara", 330, contact=315, phase_1=290, skip_overdue=True),
        s("shelter", "sara", 20, contact=14),
        s("shelter", "sara", 250, contact=240, phase_1=180, end=(90, "refuses")),
        s("shelter", "sara", 330, contact=320, phase_1=300, end=(150, "disappeared"), restart_after_end=40),
        # Ali, job programme: the legal basis decides 6 or 9 months.
        s("job", "ali", 50, contact=45, phase_1=15, legal_basis="sel_82b"),
        s("job", "ali", 100, contact=90, phase_1=70, legal_basis="lab_31b"),
        s("job", "ali", 160, contact=150, phase_1=130, legal_basis="sel_82b"),
        s("job", "ali", 130, contact=120, phase_1=100, legal_basis="sel_85"),
        s("job", "ali", 250, contact=240, phase_1=200, legal_basis="sel_85", late_days=15),
        s("job", "ali", 30, contact=20, legal_basis="sel_85"),
        s("job", "ali", 10, legal_basis="lab_31b"),
        s("job", "ali", 260, contact=250, phase_1=230, legal_basis="sel_82b", end=(40, "completed")),
        s("job", "ali", 200, contact=190, phase_1=170, legal_basis="sel_85", end=(100, "imprisoned")),
        s("job", "ali", 150, contact=140, phase_1=120, legal_basis="sel_82b", end=(70, "hospitalised")),
        s("homelessness", "mette", 300, contact=290, phase_1=260, end=(200, "died")),
        s("homelessness", "jonas", 280, contact=270, phase_1=240, end=(180, "other")),
        s("shelter", "sara", 12),
        # Near its planned end with no handover meeting yet: the coordinator's alert (4.5.1).
        s("homelessness", "jonas", 275, contact=268, phase_1=255),
        # A § 82 b job course near its end without a decision on mentor or § 85 support (job model).
        s("job", "ali", 185, contact=175, phase_1=163, legal_basis="sel_82b"),
    ]


def demo_cpr(rng: random.Random) -> str:
    """A well-formed CPR number with a valid date that fails the modulus-11 check.

    Numbers issued before 2007 all pass modulus 11, and later ones only skip it for birth dates whose
    series ran out; a 1960–1999 birth date on a day other than the 1st that fails it
    belongs to nobody.
    """
    while True:
        born = dt.date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(2, 28))
        serial = rng.randint(0, 3) * 1000 + rng.randint(0, 999)  # 7th digit 0-3: born 1900-1999
        cpr = f"{born:%d%m%y}{serial:04d}"
        if not cpr_passes_modulus_11(cpr):
            return cpr


class Command(BaseCommand):
    help = "Load the synthetic demo municipality (once; running it again changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).exists():
            self.stdout.write("The demo municipality is already loaded.")
        else:
            with transaction.atomic():
                self._load(today=timezone.localdate())
            self.stdout.write(self.style.SUCCESS("Loaded the demo municipality."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, fte in USERS:
            self.stdout.write(f"  {username:<12} {first} {last} – {role.label} (FTE {fte})")

    def _load(self, *, today: dt.date) -> None:
        rng = random.Random(20261122)
        municipality = Municipality.objects.create(name="Demokommune", code=DEMO_MUNICIPALITY_CODE)
        team = Team.objects.create(municipality=municipality, name="CTI-teamet")
        users: dict[str, User] = {}
        for username, first, last, role, fte in USERS:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                fte=Decimal(fte),
                municipality=municipality,
                team=team,
                email=f"{username}@demokommune.invalid",
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            users[username] = user
        templates = {t.code: t for t in ProgrammeTemplate.objects.all()}
        programmes = {
            "homelessness": programme_create(
                municipality=municipality, template=templates["homelessness"], name="CTI Hjemløshed"
            ),
            "shelter": programme_create(
                municipality=municipality, template=templates["shelter"], name="CTI Krisecenter"
            ),
            "job": programme_create(municipality=municipality, template=templates["job"], name="CTI Job"),
        }
        for programme in programmes.values():
            programme.coordinators.add(users["koordinator"])
        programmes["homelessness"].workers.add(users["mette"], users["jonas"])
        programmes["shelter"].workers.add(users["sara"])
        programmes["job"].workers.add(users["ali"])
        coordinator = users["koordinator"]
        names = [(f, LAST_NAMES[i % len(LAST_NAMES)]) for i, f in enumerate(FIRST_NAMES)]
        for index, scenario in enumerate(_scenarios()):
            first, last = names[index]
            self._course(
                scenario,
                programme=programmes[scenario.programme],
                worker=users[scenario.worker],
                actor=coordinator,
                citizen_data={
                    "first_name": first,
                    "last_name": last,
                    "cpr": demo_cpr(rng),
                    "address": f"Eksempelvej {index + 1}, 9999 Demoby",
                    "phone": f"+45 00 00 {index:02d} {index:02d}",
                    "email": "",
                    "preferred_contact_form": rng.choice(["phone", "text", "meeting"]),
                },
                today=today,
            )
        self._supervision(programmes=programmes, users=users, today=today)
        self._checklists(programmes=programmes, today=today)
        self._fidelity(programme=programmes["homelessness"], reviewer=coordinator, today=today)
        # The network first: the handover plan names its long-term responsible person from it.
        network_demo.load_demo_data(municipality=municipality, today=today, rng=rng)
        compass_demo.load_demo_data(municipality=municipality, today=today, rng=rng)
        handover_demo.load_demo_data(municipality=municipality, today=today, rng=rng)
        load_demo_data_job(municipality=municipality, today=today, rng=rng)
        safety_demo.load_demo_data(municipality=municipality, today=today, rng=rng)
        jobs_demo.load_demo_data(municipality=municipality, today=today, rng=rng)

    def _supervision(
        self, *, programmes: dict[str, Programme], users: dict[str, User], today: dt.date
    ) -> None:
        """Method supervision two weeks ago for Mette, Jonas and Sara; Ali's last session was case
        supervision seven weeks ago, so the desk names him (homelessness 3.6)."""

        def some_courses(worker: User, count: int) -> list[Course]:
            return list(
                Course.objects.filter(
                    worker=worker, end_date__isnull=True, phase_1_start__isnull=False
                ).order_by("phase_1_start", "pk")[:count]
            )

        coordinator = users["koordinator"]
        two_weeks_ago = today - dt.timedelta(weeks=2)
        supervision.session_create(
            programme=programmes["homelessness"],
            actor=coordinator,
            held_on=two_weeks_ago,
            kind="method",
            supervisor="Birgitte Metodesen (CTI-medarbejder, Nabokommune)",
            participants=[users["mette"], users["jonas"]],
            courses=some_courses(users["mette"], 2) + some_courses(users["jonas"], 1),
            conclusions=(
                "Faseplanen gennemgået. To borgere i fase 2 får stadig meget praktisk støtte: Mette "
                "trækker sig gradvist og koordinerer med netværket i stedet. Jonas' borger skal have "
                "sin CTI-plan fulgt op inden næste møde."
            ),
            today=today,
        )
        supervision.session_create(
            programme=programmes["shelter"],
            actor=coordinator,
            held_on=two_weeks_ago,
            kind="method",
            supervisor="Kirsten Koordinatorsen",
            participants=[users["sara"]],
            courses=some_courses(users["sara"], 2),
            conclusions=(
                "Sikkerhedsplanen drøftet for begge kvinder. Aktiviteterne passer til fasen; "
                "overdragelsesmødet planlægges en måned før afslutningen."
            ),
            today=today,
        )
        supervision.session_create(
            programme=programmes["job"],
            actor=coordinator,
            held_on=today - dt.timedelta(weeks=7),
            kind="case",
            supervisor="Per Psykologsen (ekstern supervisor)",
            participants=[users["ali"]],
            courses=some_courses(users["ali"], 1),
            conclusions="Sagssparring om en borger, der er bange for at miste jobbet igen.",
            today=today,
        )

    def _course(
        self,
        scenario: Scenario,
        *,
        programme: Programme,
        worker: User,
        actor: User,
        citizen_data: dict[str, Any],
        today: dt.date,
    ) -> Course:
        def day(days_ago: int) -> dt.date:
            return today - dt.timedelta(days=days_ago)

        legal_basis = scenario.legal_basis or programme.legal_bases[0]["code"]
        course = services.citizen_register_and_refer(
            actor=actor,
            citizen_data=citizen_data,
            programme=programme,
            legal_basis=legal_basis,
            worker=worker,
            referral_date=day(scenario.referral),
            today=day(scenario.referral),
        )
        if scenario.contact is not None:
            services.course_start_contact_period(
                course=course, on=day(scenario.contact), actor=actor, today=day(scenario.contact)
            )
        stop = day(scenario.end[0]) if scenario.end else today
        if scenario.phase_1 is not None:
            phase_1 = day(scenario.phase_1)
            services.course_start_phase(course=course, phase=1, on=phase_1, actor=actor, today=phase_1)
            clock_pauses = tuple(
                ClockPause(day(start), day(resume) if resume is not None else None)
                for start, resume, _ in scenario.pauses
            )
            dates = CourseDates(duration_months=course.duration_months, phase_1=phase_1, pauses=clock_pauses)
            planned = planned_transitions(dates, today=today)
            assert planned is not None
            # Every event in the order it happened, so the services see the course as it was then.
            events: list[tuple[dt.date, str, Any]] = []
            for start, resume, reason in scenario.pauses:
                events.append((day(start), "pause", reason))
                if resume is not None:
                    events.append((day(resume), "resume", None))
            for phase, planned_day in ((2, planned[0]), (3, planned[1])):
                realised = planned_day + dt.timedelta(days=scenario.late_days)
                if realised > stop or realised > today:
                    break
                if scenario.skip_overdue and planned_day + dt.timedelta(days=30) > today:
                    break
                events.append((realised, "phase", phase))
            for when, kind, value in sorted(events, key=lambda e: e[0]):
                if kind == "pause":
                    services.course_pause(course=course, start=when, reason=value, actor=actor, today=when)
                elif kind == "resume":
                    services.course_resume(course=course, on=when, actor=actor, today=when)
                else:
                    services.course_start_phase(course=course, phase=value, on=when, actor=actor, today=when)
        self._journal(course, until=stop - dt.timedelta(days=scenario.silent), today=today, actor=worker)
        if scenario.end is None and scenario.phase_1 is not None:
            self._plans(course, today=today, actor=worker)
        if scenario.end is not None:
            days_ago, reason = scenario.end
            services.course_end(
                course=course,
                on=day(days_ago),
                reason=reason,
                reason_text="Flyttet til familie i udlandet" if reason == "other" else "",
                actor=actor,
                today=day(days_ago),
            )
            if scenario.restart_after_end is not None:
                services.course_restart(
                    course=course,
                    referral_date=day(scenario.restart_after_end),
                    actor=actor,
                    today=day(scenario.restart_after_end),
                )
        return course

    def _journal(self, course: Course, *, until: dt.date, today: dt.date, actor: User) -> None:
        """Contacts in the manual's rhythm, halving per phase (4 : 2 : 1), from the contact period on.

        Phase 1 twice a week, phase 2 weekly, phase 3 every other week (90 minutes each); the contact
        period weekly for an hour. Nothing during a pause. The next meeting is planned with a reminder.
        """
        course.refresh_from_db()
        dates = course.clock_dates()
        start = course.contact_start or course.phase_1_start
        if start is None:
            return
        every = {Period.CONTACT: 7, Period.PHASE_1: 3, Period.PHASE_2: 7, Period.PHASE_3: 14}
        kinds = [ContactKind.HOME_VISIT, ContactKind.PHONE, ContactKind.ESCORT, ContactKind.MEETING]
        day, count = start + dt.timedelta(days=1), 0
        while day <= until and day < today:
            period = period_on(dates, day)
            if period not in every or any(
                p.start <= day and (p.resume is None or day < p.resume) for p in dates.pauses
            ):
                day += dt.timedelta(days=1)
                continue
            at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
            kind = kinds[count % len(kinds)]
            contact_entry_create(
                course=course,
                actor=actor,
                now=at + dt.timedelta(hours=2),
                occurred_at=at,
                duration_minutes=60 if period is Period.CONTACT else 90,
                kind=kind,
                place="Hjemme hos borgeren" if kind == ContactKind.HOME_VISIT else "",
                citizen_present=True,
                status=ContactStatus.HAPPENED,
                note="Syntetisk demo-notat.",
                next_agreement="Vi ses igen som aftalt.",
            )
            count += 1
            day += dt.timedelta(days=every[period] + (1 if count % 2 and period is Period.PHASE_1 else 0))
        paused = any(p.is_open for p in dates.pauses)
        if until >= today - dt.timedelta(days=1) and course.end_date is None and not paused:
            at = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=2), dt.time(13, 0)))
            contact_entry_create(
                course=course,
                actor=actor,
                now=timezone.now(),
                occurred_at=at,
                duration_minutes=60,
                kind=ContactKind.HOME_VISIT,
                place="Hjemme hos borgeren",
                citizen_present=True,
                status=ContactStatus.PLANNED,
                reminder_wanted=True,
            )

    def _plans(self, course: Course, *, today: dt.date, actor: User) -> None:
        """A plan made at phase 1's start with three focus areas, carried forward at each later phase."""
        course.refresh_from_db()
        focus = DEMO_FOCUS_AREAS.get(course.programme.template.code, DEMO_FOCUS_AREAS["homelessness"])
        periods = [p for p in ("phase_1", "phase_2", "phase_3") if getattr(course, f"{p}_start")]
        for index, period in enumerate(periods):
            start = getattr(course, f"{period}_start")
            starts_on, ends_on = plans.period_dates(course, period, today=today)
            made_on = min(start + dt.timedelta(days=7), today)
            plan = plans.plan_create(
                course=course,
                actor=actor,
                period=period,
                made_on=made_on,
                starts_on=starts_on or start,
                ends_on=ends_on or start,
                dimensions=[area[0] for area in focus],
                citizen_words=DEMO_CITIZEN_WORDS if index == 0 else "",
                carry_forward=index > 0,
                today=today,
            )
            if index == 0:
                for dimension, goal, reason, steps in focus:
                    plans.focus_area_save(
                        plan=plan,
                        actor=actor,
                        expected_version=plan.version,
                        dimension=dimension,
                        goal=goal,
                        reason=reason,
                        responsibility="both",
                        activities="Vi mødes og tager det skridt for skridt.",
                        time_horizon="Inden fasen slutter",
                        sub_goals=[plans.SubGoalInput(text=step) for step in steps],
                    )
                    plan.refresh_from_db()
            # One small success per period that has lasted a while.
            step = (
                plans.SubGoal.objects.filter(focus_area__plan=plan, achieved_on__isnull=True)
                .order_by("focus_area__position", "position")
                .first()
            )
            achieved = made_on + dt.timedelta(days=14)
            if step is not None and achieved <= today:
                plan.refresh_from_db()
                plans.sub_goal_mark(
                    plan=plan, sub_goal=step, achieved_on=achieved, actor=actor, expected_version=plan.version
                )

    def _checklists(self, *, programmes: dict[str, Programme], today: dt.date) -> None:
        """Each running course has answered most of its current checklist, with the odd Nej."""
        now = timezone.now()
        running = Course.objects.filter(programme__in=programmes.values(), end_date__isnull=True)
        for course in running.select_related("programme", "worker", "citizen"):
            period = str(compute_schedule(course.clock_dates(), today=today).period)
            listed = course_checklist(course, period) if period in CHECKLIST_PERIODS else None
            if listed is None:
                continue
            rows = [row for group in listed.groups for row in group.rows]
            for index, row in enumerate(rows[: max(1, len(rows) * 2 // 3)]):
                answer_save(
                    course=course,
                    item=row.item,
                    answer="no" if index % 7 == 3 else ("irrelevant" if index % 11 == 5 else "yes"),
                    comment="Aftalt at tage det op igen næste gang." if index % 7 == 3 else "",
                    actor=course.worker,
                    now=now,
                )

    def _fidelity(self, *, programme: Programme, reviewer: User, today: dt.date) -> None:
        """Two fidelity reviews of the homelessness programme, three months apart: the score rises."""
        checklist = checklist_for(programme, "fidelity")
        if checklist is None:
            return
        for days_ago, weak in ((100, 6), (10, 2)):
            on = today - dt.timedelta(days=days_ago)
            evidence = {
                item.pk: EVIDENCE[item.evidence](programme, None, on)
                for item in checklist.items.all()
                if item.evidence in EVIDENCE
            }
            answers: dict[int, str] = {}
            reasons: dict[int, str] = {}
            for index, item in enumerate(checklist.items.all()):
                found = evidence.get(item.pk)
                if found is not None and found.suggested:
                    answers[item.pk] = found.suggested
                else:
                    answers[item.pk] = (
                        "no" if index % 9 < weak // 2 else ("unknown" if index % 13 == 4 else "yes")
                    )
            review_create(
                programme=programme,
                checklist=checklist,
                reviewed_on=on,
                answers=answers,
                reasons=reasons,
                evidence=evidence,
                actor=reviewer,
                note="Gennemgået på teammødet.",
                today=today,
            )


DEMO_CITIZEN_WORDS = "Jeg vil gerne have en hverdag, der hænger sammen, og selv kunne klare mine papirer."

DEMO_FOCUS_AREAS: dict[str, list[tuple[str, str, str, list[str]]]] = {
    "homelessness": [
        (
            "housing",
            "Blive boende i lejligheden",
            "Borgeren er lige flyttet ind og har før mistet en bolig.",
            ["Betale husleje til tiden tre måneder i træk", "Hilse på viceværten", "Købe seng og spisebord"],
        ),
        (
            "finances",
            "Overblik over økonomien",
            "Borgeren har gæld og ved ikke, hvad der går ind og ud.",
            ["Oprette budget sammen", "Tilmelde faste udgifter til betalingsservice"],
        ),
        (
            "network",
            "Have nogen at ringe til",
            "Borgeren har ikke kontakt til familien.",
            ["Besøge det lokale værested", "Ringe til søsteren"],
        ),
    ],
    "shelter": [
        (
            "housing",
            "Etablere sig i egen bolig",
            "Borgeren er flyttet fra krisecentret.",
            ["Få nøgler og flytte ind", "Skifte lås og få ny telefon"],
        ),
        (
            "health",
            "Få det bedre psykisk",
            "Borgeren sover dårligt efter volden.",
            ["Få tid hos egen læge", "Starte i samtalegruppe"],
        ),
        (
            "safety",
            "Føle sig tryg i hverdagen",
            "Borgeren er bange for at møde den tidligere partner.",
            ["Lave en sikkerhedsplan sammen", "Få adressebeskyttelse"],
        ),
    ],
    "job": [
        (
            "job",
            "Falde til på arbejdspladsen",
            "Borgeren er startet i et job med løntilskud.",
            ["Aftale arbejdstider med arbejdsgiveren", "Holde første opfølgningsmøde med jobkonsulenten"],
        ),
        (
            "coping",
            "Få morgenerne til at fungere",
            "Borgeren kommer for sent, når natten har været dårlig.",
            ["Lave en morgenplan", "Stille to vækkeure"],
        ),
        (
            "network",
            "Have en kollega at spørge",
            "Borgeren kender ingen på arbejdspladsen.",
            ["Spise frokost med kollegerne en gang om ugen"],
        ),
    ],
}
