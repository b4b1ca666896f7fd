"""Synthetic data at scale: municipalities, workers, courses and everything a course collects.

Everything here is fictitious: the municipalities are "Skalakommune NNN (fiktiv)", the citizens
carry made-up surnames (Prøvesen, Fiktivsen …), addresses on "Fiktivvej" in 9999 Skalaby, phone
numbers starting "+45 00 00" and CPR numbers with valid dates that fail the modulus-11 check, as
the demo's do (overgang/demo/management/commands/load_demo.py: `demo_cpr`).

The data has the shape the services would leave behind, written in bulk instead of one service
call per event (the services lock, re-read and audit one row at a time: far too slow for millions
of rows). Each course is first drawn as a `Story` (plain dates, no database), then written with
everything that follows from it: the worker assignment, pauses, the transition records the
checklists keep, checklist answers, CTI plans with focus areas, sub-goals and numbered revisions,
contact-journal entries, change-compass rounds (shelter courses only: it is that manual's tool)
and one audit row per write, with the action names, snapshots and version numbers the services use
and timestamps of when it happened. Not generated: contact frames, the network, handover, safety
and job-model data, supervision and fidelity reviews.

Fast: on PostgreSQL every table is written with COPY (ids taken from the sequence first), and the
millions of journal, checklist and audit rows are built as `Light` rows, not model instances; a
transaction per chunk of courses keeps memory flat.

Deterministic: one `random.Random(seed)` per municipality (derived from the seed and the
municipality's number) drives every choice, so the same seed and scale give the same names, CPR
numbers and dates (dates are relative to `today`).

Names a benchmark can rely on (prefix "bench" for seed 1, "bench-s<seed>" for other seeds, or
the command's --prefix):

- municipality 1, "Skalakommune 001 (<prefix>, fiktiv)", is the big one (ten times the share of
  the others); its programme "CTI Hjemløshed" (`BENCH_PROGRAMME_NAME`) has, at the national,
  region and municipality presets, 2,000 running courses on top of its share (`bench_running`):
  at the region preset its phase plan lists about 3,000 running courses among some 7,000;
- users `<prefix>-worker-001` … (CTI workers, numbered across municipalities; 001 works in the
  big municipality's "CTI Hjemløshed") and `<prefix>-coordinator-001` … (one per municipality,
  coordinator of all its programmes; 001 is the big municipality's);
- every generated user's password is `$OVERGANG_BENCH_PASSWORD`, by default `overgang-bench`
  (`DEFAULT_PASSWORD`); logging in also needs OVERGANG_REQUIRE_2FA=0 (every role has two-factor
  authentication otherwise, and no generated user has an authenticator).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from overgang import tenancy
from overgang.accounts.models import Municipality, Role, Team, User
from overgang.audit.models import AuditEntry
from overgang.checklists.models import Checklist, ChecklistAnswer, ChecklistItem, TransitionRecord
from overgang.checklists.selectors import checklist_for
from overgang.compass.instruments import template_instrument
from overgang.compass.models import CompassRating, CompassRound, Respondent
from overgang.courses.models import Citizen, Course, EndReason, Pause, PauseReason, WorkerAssignment
from overgang.demo.management.commands.load_demo import LAST_NAMES as DEMO_LAST_NAMES
from overgang.demo.management.commands.load_demo import demo_cpr
from overgang.journal.models import ContactEntry, ContactKind, ContactStatus, ReminderStatus
from overgang.method.clock import CourseDates, Period, compute_schedule
from overgang.method.clock import Pause as ClockPause
from overgang.method.dates import add_months
from overgang.plans.models import CtiPlan, FocusArea, PlanRevision, RevisionKind, SubGoal
from overgang.plans.services import FOCUS_FIELDS
from overgang.programmes.models import Programme, ProgrammeTemplate
from overgang.programmes.services import programme_create

DEFAULT_PASSWORD = "overgang-bench"  # noqa: S105 - synthetic benchmark accounts only
BENCH_PROGRAMME_NAME = "CTI Hjemløshed"
MUNICIPALITY_NAME = "Skalakommune {number:03d} ({prefix}, fiktiv)"
BIG_MUNICIPALITY_WEIGHT = 10
HISTORY_DAYS = 4 * 365  # referrals spread over the last four years
# Programmes per municipality: template code, name, share of the workers.
PROGRAMMES = (
    ("homelessness", BENCH_PROGRAMME_NAME, 6),
    ("shelter", "CTI Krisecenter", 2),
    ("job", "CTI Job", 2),
)
# Days between contacts per period at a density of 1 (the demo's rhythm: 4 : 2 : 1).
RHYTHM = {"contact": 7.0, "phase_1": 3.5, "phase_2": 7.0, "phase_3": 14.0}
# The journal entries an average course gets at density 1 (measured on the small preset: 40.6);
# the density is the wanted average divided by this.
BASE_JOURNAL_PER_COURSE = 40.0

FIRST_NAMES = [
    "Anders",
    "Anne",
    "Bent",
    "Birgitte",
    "Carsten",
    "Camilla",
    "Dorthe",
    "Dennis",
    "Erik",
    "Emma",
    "Flemming",
    "Freja",
    "Gitte",
    "Gustav",
    "Hanne",
    "Henrik",
    "Ida",
    "Jens",
    "Jette",
    "Karen",
    "Kasper",
    "Lars",
    "Lene",
    "Mads",
    "Maja",
    "Mette",
    "Morten",
    "Nanna",
    "Niels",
    "Oliver",
    "Pia",
    "Poul",
    "Rasmus",
    "Rikke",
    "Signe",
    "Søren",
    "Tina",
    "Thomas",
    "Ulla",
    "Victor",
    "Vibeke",
    "William",
    "Yvonne",
    "Åse",
]
LAST_NAMES = [
    *DEMO_LAST_NAMES,  # the demo's invented surnames first, then more of the same kind
    "Skalasen",
    "Attrapsen",
    "Navnløsen",
    "Stikprøvesen",
]
NOTES = (
    "Syntetisk notat (fiktiv): vi talte om ugen, der gik.",
    "Syntetisk notat (fiktiv): fulgte med til aftalen.",
    "Syntetisk notat (fiktiv): gennemgik post og regninger sammen.",
    "Syntetisk notat (fiktiv): kort opringning om næste møde.",
)
GOALS = (
    "Blive boende i boligen",
    "Overblik over økonomien",
    "Have nogen at ringe til",
    "Få morgenerne til at fungere",
    "Komme til lægen",
    "Falde til på arbejdspladsen",
)
SUB_GOALS = (
    "Betale husleje til tiden",
    "Oprette budget sammen",
    "Besøge det lokale værested",
    "Lave en morgenplan",
    "Bestille tid hos egen læge",
    "Holde første opfølgningsmøde",
)
END_REASON_WEIGHTS = {
    EndReason.DIED: 2,
    EndReason.MOVED: 10,
    EndReason.DISAPPEARED: 12,
    EndReason.REFUSES: 14,
    EndReason.IMPRISONED: 5,
    EndReason.HOSPITALISED: 4,
    EndReason.OTHER: 3,
}
CONTACT_KINDS = (
    ContactKind.HOME_VISIT,
    ContactKind.HOME_VISIT,
    ContactKind.MEETING,
    ContactKind.PHONE,
    ContactKind.PHONE,
    ContactKind.TEXT,
    ContactKind.ESCORT,
    ContactKind.NETWORK,
)
PHASE_KEYS = ("contact", "phase_1", "phase_2", "phase_3")
# The change compass is the shelter manual's (4.1.3): only those courses get rounds, which keeps
# the row count down.
COMPASS_TEMPLATES = ("shelter",)
# The states every generated municipality shows at least once, whatever its size.
FORCED_STATES = (
    "referred",
    "contact",
    "phase_1",
    "phase_2",
    "phase_3",
    "paused",
    *(f"ended:{reason}" for reason in EndReason.values),
    "restart",
)


@dataclass(frozen=True)
class Scale:
    municipalities: int
    workers: int
    courses: int
    journal_per_course: float
    # Running courses the big municipality's bench programme gets on top of its share: a phase
    # plan of 2,000 running courses for the benchmark (referred within the last ~9 months).
    bench_running: int = 0


PRESETS: dict[str, Scale] = {
    "national": Scale(
        municipalities=98, workers=5_000, courses=200_000, journal_per_course=25, bench_running=2_000
    ),
    "region": Scale(
        municipalities=10, workers=500, courses=20_000, journal_per_course=25, bench_running=2_000
    ),
    "municipality": Scale(
        municipalities=1, workers=400, courses=16_000, journal_per_course=25, bench_running=2_000
    ),
    "small": Scale(municipalities=2, workers=40, courses=1_000, journal_per_course=25),
    "tiny": Scale(municipalities=1, workers=8, courses=60, journal_per_course=10),
}


def default_prefix(seed: int) -> str:
    return "bench" if seed == 1 else f"bench-s{seed}"


def bench_password() -> str:
    return os.environ.get("OVERGANG_BENCH_PASSWORD", DEFAULT_PASSWORD)


def split(total: int, weights: Sequence[int], *, minimum: int = 0) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders), each at least `minimum`
    where the total allows it."""
    parts = [minimum] * len(weights) if total >= minimum * len(weights) else [0] * len(weights)
    rest = total - sum(parts)
    whole = sum(weights)
    shares = [rest * w / whole for w in weights]
    floors = [int(s) for s in shares]
    left = rest - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (floors[i] - shares[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [p + f for p, f in zip(parts, floors, strict=True)]


# Stories: one course's dates, drawn without the database ------------------------------------------


@dataclass
class StoryPause:
    start: dt.date
    resume: dt.date | None
    reason: str
    reason_text: str = ""


@dataclass
class Story:
    referral: dt.date
    contact: dt.date | None = None
    phase_1: dt.date | None = None
    phase_2: dt.date | None = None
    phase_3: dt.date | None = None
    end: dt.date | None = None
    end_reason: str = ""
    end_reason_text: str = ""
    pauses: list[StoryPause] = field(default_factory=list)
    planned_next: dt.date | None = None  # the next planned start after the current period

    def starts(self) -> dict[str, dt.date | None]:
        return {
            "contact": self.contact,
            "phase_1": self.phase_1,
            "phase_2": self.phase_2,
            "phase_3": self.phase_3,
        }

    def state(self, today: dt.date) -> str:
        if self.end is not None:
            return f"ended:{self.end_reason}"
        if any(p.resume is None for p in self.pauses):
            return "paused"
        for key in ("phase_3", "phase_2", "phase_1", "contact"):
            if self.starts()[key] is not None:
                return key
        return "referred"

    def stop(self, today: dt.date) -> dt.date:
        """The last day of the course's life so far."""
        return self.end if self.end is not None else today


def draw_story(
    rng: random.Random,
    *,
    today: dt.date,
    referral: dt.date,
    duration_months: int,
    uses_contact_period: bool,
    end_reason: str | None = None,
    pause_chance: float = 0.18,
    long_pause: bool = False,
) -> Story:
    """One course's life from its referral, cut at today. `end_reason`: end early for that reason
    (or complete it, for "completed"); None: decide at random."""
    phase_months = duration_months // 3
    # The period starts as they would fall without pauses or an ending: contact, phases 1-3, end.
    starts: list[dt.date] = []
    cursor = referral
    if uses_contact_period:
        cursor = referral + dt.timedelta(days=rng.randint(0, 10))
        starts.append(cursor)
        cursor += dt.timedelta(days=rng.randint(7, min(80, 30 * phase_months)))
    else:
        cursor += dt.timedelta(days=rng.randint(3, 30))
    starts.append(cursor)  # phase 1
    for _ in range(3):  # phase 2, phase 3, the end
        planned = add_months(cursor, phase_months)
        late = rng.randint(15, 45) if rng.random() < 0.1 else rng.randint(-5, 12)
        cursor = max(planned + dt.timedelta(days=late), cursor + dt.timedelta(days=14))
        starts.append(cursor)
    keys = (["contact"] if uses_contact_period else []) + ["phase_1", "phase_2", "phase_3", "end"]
    dates = dict(zip(keys, starts, strict=True))
    # At most one pause, within one period; everything after it moves by its length.
    pauses: list[StoryPause] = []
    if long_pause or rng.random() < pause_chance:
        period_keys = keys[:-1]
        index = rng.randrange(len(period_keys))
        if long_pause:
            index = len(period_keys) - 3  # phase 1
        begin, following = dates[period_keys[index]], dates[keys[index + 1]]
        room = (following - begin).days - 4
        if room > 3:
            start = begin + dt.timedelta(days=rng.randint(2, room))
            length = rng.randint(150, 400) if long_pause else rng.randint(7, 75)
            reason = rng.choice(PauseReason.values)
            text = "Syntetisk årsag (fiktiv)" if reason == PauseReason.OTHER else ""
            pauses.append(StoryPause(start, start + dt.timedelta(days=length), reason, text))
            for key in keys[index + 1 :]:
                dates[key] += dt.timedelta(days=length)
    if end_reason is None:
        end_reason = EndReason.COMPLETED if rng.random() < 0.62 else _weighted(rng, END_REASON_WEIGHTS)
    end = dates["end"]
    if end_reason != EndReason.COMPLETED:
        # Ends early, somewhere between the referral and the planned end.
        end = referral + dt.timedelta(days=rng.randint(1, max(1, (dates["end"] - referral).days - 1)))
    story = Story(referral=referral)
    story.end, story.end_reason = end, str(end_reason)
    story.end_reason_text = "Syntetisk årsag (fiktiv)" if end_reason == EndReason.OTHER else ""
    for key in keys[:-1]:
        if dates[key] <= end:
            setattr(story, key, dates[key])
    if end_reason == EndReason.COMPLETED and story.phase_3 is None:  # cannot complete early
        story.end_reason = EndReason.REFUSES
    for pause in pauses:
        if pause.start >= end:
            continue
        if pause.resume is not None and pause.resume > end:
            pause.resume = end  # the course ended during the pause: the pause ends with it
        story.pauses.append(pause)
    # Cut at today: what lies ahead has not happened yet.
    upcoming = [d for k, d in dates.items() if d > today and (k == "end" or d <= end)]
    story.planned_next = min(upcoming) if upcoming else None
    if story.end is not None and story.end > today:
        story.end, story.end_reason, story.end_reason_text = None, "", ""
    for key in PHASE_KEYS:
        value = getattr(story, key)
        if value is not None and value > today:
            setattr(story, key, None)
    kept = []
    for pause in story.pauses:
        if pause.start > today:
            continue
        if pause.resume is not None and pause.resume > today:
            pause.resume = None
        kept.append(pause)
    story.pauses = kept
    return story


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def draw_forced_story(
    rng: random.Random, state: str, *, today: dt.date, duration_months: int, uses_contact_period: bool
) -> Story:
    """A story that is in `state` today (redrawn until it is; the last draw if none fits)."""
    wanted = state
    reason: str | None = None
    if state.startswith("ended:"):
        reason = state.partition(":")[2]
    elif state == "restart":
        reason, wanted = EndReason.DISAPPEARED, f"ended:{EndReason.DISAPPEARED}"
    else:
        reason = EndReason.COMPLETED  # ending in the future: still running today
    window = {"referred": (0, 6), "contact": (12, 40), "phase_1": (60, 150)}.get(state, (30, 700))
    if state.startswith("ended:") or state == "restart":
        window = (400, 900)
    story = None
    for _ in range(400):
        referral = today - dt.timedelta(days=rng.randint(*window))
        story = draw_story(
            rng,
            today=today,
            referral=referral,
            duration_months=duration_months,
            uses_contact_period=uses_contact_period,
            end_reason=reason,
            pause_chance=0.0,
            long_pause=state == "paused",
        )
        if story.state(today) == wanted:
            return story
    assert story is not None
    return story


# Writing ------------------------------------------------------------------------------------------

_TIMESTAMPED: tuple[tuple[type[models.Model], str], ...] = (
    (AuditEntry, "at"),
    (Citizen, "created_at"),
    (Course, "created_at"),
    (Course, "updated_at"),
    (Pause, "created_at"),
    (WorkerAssignment, "created_at"),
    (ContactEntry, "created_at"),
    (ContactEntry, "updated_at"),
    (CtiPlan, "created_at"),
    (CtiPlan, "updated_at"),
    (PlanRevision, "saved_at"),
    (TransitionRecord, "recorded_at"),
    (CompassRound, "created_at"),
    (CompassRound, "updated_at"),
    (CompassRating, "created_at"),
)


@contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let the generator set `created_at`, the audit's `at` and the like to when things happened
    (auto_now / auto_now_add would stamp them all with the moment of generation)."""
    saved = []
    for model, name in _TIMESTAMPED:
        f = model._meta.get_field(name)
        assert isinstance(f, models.DateTimeField)
        saved.append((f, f.auto_now, f.auto_now_add))
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Light:
    """A row to insert, much cheaper to make than a model instance (there are millions of them).

    Holds every column by its attname, the field's default where not given; a foreign key given
    as an object (`course=course`) is kept as the object too, for reading back."""

    _defaults: dict[type[models.Model], tuple[dict[str, Any], dict[str, str]]] = {}

    def __init__(self, model: type[models.Model], **values: Any) -> None:
        if model not in Light._defaults:
            fields = model._meta.concrete_fields
            Light._defaults[model] = (
                {f.attname: (None if f.primary_key else f.get_default()) for f in fields},
                {f.name: f.attname for f in fields if f.name != f.attname},
            )
        defaults, relations = Light._defaults[model]
        self.__dict__.update(defaults)
        for key, value in values.items():
            if key in relations:
                self.__dict__[relations[key]] = value.pk if value is not None else None
            self.__dict__[key] = value

    @property
    def pk(self) -> Any:
        return self.__dict__["id"]

    @pk.setter
    def pk(self, value: Any) -> None:
        self.__dict__["id"] = value

    def __getattr__(self, name: str) -> Any:  # for mypy: the columns are set in __init__
        raise AttributeError(name)


def _copy(model: type[models.Model], objs: list[Any]) -> None:
    """COPY the objects into the model's table, several times faster than INSERT for many rows.

    Every column is written as the object holds it (defaults were set when it was made; the
    generator sets the timestamps itself), JSON as text. Foreign keys are deferred on PostgreSQL,
    so the order of the tables within a transaction does not matter."""
    meta = model._meta
    table = meta.db_table
    pk = meta.pk
    assert pk is not None
    fields = list(meta.concrete_fields)
    missing = [obj for obj in objs if obj.pk is None]
    with connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, len(missing)],
            )
            for obj, (new_id,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = new_id
        for obj in objs:
            if isinstance(obj, models.Model):
                obj._state.adding, obj._state.db = False, connection.alias
        json_fields = {
            f.attname: f.encoder or DjangoJSONEncoder for f in fields if isinstance(f, models.JSONField)
        }
        attnames = [f.attname for f in fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = [getattr(obj, name) for name in attnames]
                if json_fields:
                    for index, name in enumerate(attnames):
                        encoder = json_fields.get(name)
                        if encoder is not None and row[index] is not None:
                            row[index] = json.dumps(row[index], cls=encoder)
                copy.write_row(row)


@dataclass
class ProgrammeInfo:
    programme: Programme
    workers: list[User]
    legal_bases: list[str]
    dimensions: list[str]
    checklists: dict[str, tuple[Checklist, list[ChecklistItem]]]
    compass: list[str]  # the change compass's dimension keys where its courses get rounds


@dataclass
class Counts:
    rows: Counter[str] = field(default_factory=Counter)

    def add(self, model: type[models.Model], n: int) -> None:
        self.rows[model._meta.label] += n

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass
class Planned:
    """One course to write: its story, programme, worker and legal basis; `restart_of` is the index
    in the chunk of the ended course it starts over."""

    story: Story
    info: ProgrammeInfo
    worker: User
    legal_basis: str
    restart_of: int | None = None


Progress = Callable[[int, int], None]  # (courses written since last call, rows written so far)


class Generator:
    """Writes one scale of synthetic data; `run()` returns the rows per model."""

    def __init__(
        self,
        scale: Scale,
        *,
        seed: int,
        prefix: str,
        today: dt.date,
        password_hash: str | None = None,
        batch_size: int = 2000,
        chunk_courses: int = 400,
        progress: Progress | None = None,
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.prefix = prefix
        self.today = today
        self.password_hash = password_hash or make_password(bench_password())
        self.batch_size = batch_size
        self.chunk_courses = chunk_courses
        self.progress = progress or (lambda courses, rows: None)
        self.counts = Counts()
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.density = scale.journal_per_course / BASE_JOURNAL_PER_COURSE
        self.now = dt.datetime.combine(today, dt.time(12, 0), tzinfo=self.tz)

    # helpers

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def bulk(self, model: type[models.Model], objs: list[Any]) -> list[Any]:
        """Insert the objects and give them their primary keys: on PostgreSQL with COPY (ids taken
        from the table's sequence first), elsewhere with bulk_create."""
        if not objs:
            return objs
        if connection.vendor == "postgresql":
            _copy(model, objs)
        elif isinstance(objs[0], Light):
            attnames = {f.attname for f in model._meta.concrete_fields}
            made = [model(**{k: v for k, v in vars(o).items() if k in attnames}) for o in objs]
            model._default_manager.bulk_create(made, batch_size=self.batch_size)
            for light, instance in zip(objs, made, strict=True):
                light.pk = instance.pk
        else:
            model._default_manager.bulk_create(objs, batch_size=self.batch_size)
        self.counts.add(model, len(objs))
        return objs

    # the run

    def run(self) -> Counter[str]:
        weights = [BIG_MUNICIPALITY_WEIGHT] + [1] * (self.scale.municipalities - 1)
        workers = split(self.scale.workers, weights, minimum=1)
        courses = split(self.scale.courses, weights)
        codes = self._free_codes(self.scale.municipalities)
        first_worker = 1
        with tenancy.unscoped(), historical_timestamps():
            templates = {t.code: t for t in ProgrammeTemplate.objects.all()}
            for index in range(self.scale.municipalities):
                rng = random.Random(f"{self.seed}:{index}")
                with transaction.atomic():
                    programmes, coordinator = self._municipality(
                        rng,
                        number=index + 1,
                        code=codes[index],
                        workers=workers[index],
                        first_worker=first_worker,
                        templates=templates,
                    )
                first_worker += workers[index]
                self._courses(
                    rng,
                    programmes=programmes,
                    coordinator=coordinator,
                    total=courses[index],
                    bench_running=self.scale.bench_running if index == 0 else 0,
                )
        return self.counts.rows

    def _free_codes(self, n: int) -> list[str]:
        """Municipality codes no real municipality has (they run 101-860) and no row here uses."""
        taken = set(Municipality.objects.values_list("code", flat=True))
        candidates = [str(c) for c in range(900, 1000)] + [f"{x}{c:02d}" for x in "XYZ" for c in range(100)]
        free = [c for c in candidates if c not in taken]
        if len(free) < n:
            raise ValueError("No free fictitious municipality codes left.")
        return free[:n]

    def _municipality(
        self,
        rng: random.Random,
        *,
        number: int,
        code: str,
        workers: int,
        first_worker: int,
        templates: dict[str, ProgrammeTemplate],
    ) -> tuple[list[ProgrammeInfo], User]:
        municipality = Municipality.objects.create(
            name=MUNICIPALITY_NAME.format(number=number, prefix=self.prefix), code=code
        )
        self.counts.add(Municipality, 1)
        team = Team.objects.create(municipality=municipality, name="CTI-teamet")
        self.counts.add(Team, 1)
        coordinator = User(
            username=f"{self.prefix}-coordinator-{number:03d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name="Koordinatorsen (fiktiv)",
            role=Role.COORDINATOR,
            municipality=municipality,
            team=team,
            email=f"{self.prefix}-coordinator-{number:03d}@skala.invalid",
            password=self.password_hash,
        )
        people = [coordinator]
        for n in range(first_worker, first_worker + workers):
            people.append(
                User(
                    username=f"{self.prefix}-worker-{n:03d}",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=f"{rng.choice(LAST_NAMES)} (fiktiv)",
                    role=Role.WORKER,
                    fte=Decimal(rng.choice(("1.00", "1.00", "1.00", "0.80", "0.50"))),
                    municipality=municipality,
                    team=team,
                    email=f"{self.prefix}-worker-{n:03d}@skala.invalid",
                    password=self.password_hash,
                )
            )
        self.bulk(User, people)
        people = list(User.objects.filter(municipality=municipality).order_by("username"))
        coordinator = next(p for p in people if p.role == Role.COORDINATOR)
        staff = sorted((p for p in people if p.role == Role.WORKER), key=lambda p: p.username)
        per_programme = split(len(staff), [w for _c, _n, w in PROGRAMMES], minimum=1)
        infos: list[ProgrammeInfo] = []
        offset = 0
        through_workers, through_coordinators = Programme.workers.through, Programme.coordinators.through
        links_w, links_c = [], []
        for (template_code, name, _weight), count in zip(PROGRAMMES, per_programme, strict=True):
            programme = programme_create(
                municipality=municipality, template=templates[template_code], name=name
            )
            self.counts.add(Programme, 1)
            mine = staff[offset : offset + count]
            offset += count
            links_w += [through_workers(programme_id=programme.pk, user_id=w.pk) for w in mine]
            links_c.append(through_coordinators(programme_id=programme.pk, user_id=coordinator.pk))
            checklists = {}
            for key in PHASE_KEYS:
                checklist = checklist_for(programme, key)
                if checklist is not None:
                    checklists[key] = (
                        checklist,
                        list(checklist.items.select_related("checklist").order_by("position")),
                    )
            if mine:
                infos.append(
                    ProgrammeInfo(
                        programme=programme,
                        workers=mine,
                        legal_bases=[b["code"] for b in programme.legal_bases],
                        dimensions=[d["code"] for d in programme.dimensions],
                        checklists=checklists,
                        compass=[d.key for d in template_instrument(template_code).active]
                        if template_code in COMPASS_TEMPLATES
                        else [],
                    )
                )
        self.bulk(through_workers, links_w)
        self.bulk(through_coordinators, links_c)
        return infos, coordinator

    def _courses(
        self,
        rng: random.Random,
        *,
        programmes: list[ProgrammeInfo],
        coordinator: User,
        total: int,
        bench_running: int = 0,
    ) -> None:
        if not programmes or total <= 0:
            return
        # Each course goes to a worker at random (a full-time worker twice as likely as half time);
        # the worker's programme is the course's.
        pool = [(info, worker) for info in programmes for worker in info.workers]
        weights = [float(w.fte) for _i, w in pool]
        used_cprs: set[str] = set()
        forced = list(FORCED_STATES)
        made = 0
        while made < total:
            size = min(self.chunk_courses, total - made)
            batch: list[Planned] = []
            while len(batch) < size:
                info, worker = rng.choices(pool, weights)[0]
                state = forced.pop(0) if forced else None
                running = state is None and bench_running > 0
                if running:
                    info = next(i for i in programmes if i.programme.name == BENCH_PROGRAMME_NAME)
                    worker, running = rng.choice(info.workers), True
                legal_basis = rng.choice(info.legal_bases)
                duration = info.programme.duration_for(legal_basis)
                uses_contact = info.programme.uses_contact_period
                if running:
                    referral = self.today - dt.timedelta(days=rng.randint(0, 270))
                    story = draw_story(
                        rng,
                        today=self.today,
                        referral=referral,
                        duration_months=duration,
                        uses_contact_period=uses_contact,
                        end_reason=EndReason.COMPLETED,
                    )
                    bench_running -= story.end is None
                elif state is not None:
                    story = draw_forced_story(
                        rng,
                        state,
                        today=self.today,
                        duration_months=duration,
                        uses_contact_period=uses_contact,
                    )
                else:
                    referral = self.today - dt.timedelta(days=rng.randint(0, HISTORY_DAYS))
                    story = draw_story(
                        rng,
                        today=self.today,
                        referral=referral,
                        duration_months=duration,
                        uses_contact_period=uses_contact,
                    )
                batch.append(Planned(story, info, worker, legal_basis))
                restart = state == "restart" or (
                    story.end is not None
                    and story.end_reason in (EndReason.DISAPPEARED, EndReason.REFUSES, EndReason.IMPRISONED)
                    and rng.random() < 0.15
                )
                if restart and story.end is not None and len(batch) < size:
                    gap = (self.today - story.end).days
                    if gap > 20:
                        referral = story.end + dt.timedelta(days=rng.randint(14, min(gap, 200)))
                        again = draw_story(
                            rng,
                            today=self.today,
                            referral=referral,
                            duration_months=duration,
                            uses_contact_period=uses_contact,
                        )
                        batch.append(Planned(again, info, worker, legal_basis, restart_of=len(batch) - 1))
            with transaction.atomic():
                self._write_chunk(rng, batch, coordinator=coordinator, used_cprs=used_cprs)
            made += len(batch)
            self.progress(len(batch), self.counts.total)

    def _write_chunk(
        self,
        rng: random.Random,
        batch: list[Planned],
        *,
        coordinator: User,
        used_cprs: set[str],
    ) -> None:
        municipality_id = coordinator.municipality_id
        assert municipality_id is not None
        audit: list[Light] = []

        def audit_row(
            action: str,
            when: dt.datetime,
            actor: User,
            obj_type: str,
            obj_id: int,
            citizen_id: int,
            **kw: Any,
        ) -> None:
            audit.append(
                Light(
                    AuditEntry,
                    at=when,
                    actor_id=actor.pk,
                    municipality_id=municipality_id,
                    action=action,
                    object_type=obj_type,
                    object_id=str(obj_id),
                    citizen_id=citizen_id,
                    before=kw.get("before"),
                    after=kw.get("after"),
                )
            )

        # Citizens: one per course, except that a restarted course keeps its citizen.
        citizens: list[Citizen | None] = []
        for planned in batch:
            story = planned.story
            if planned.restart_of is not None:
                citizens.append(None)
                continue
            cpr = demo_cpr(rng)
            while cpr in used_cprs:
                cpr = demo_cpr(rng)
            used_cprs.add(cpr)
            number = len(used_cprs)
            created = self.at(story.referral, 9, rng.randint(0, 59))
            citizens.append(
                Citizen(
                    municipality_id=municipality_id,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    cpr=cpr,
                    address=f"Fiktivvej {number}, 9999 Skalaby",
                    phone=f"+45 00 00 {number % 100:02d} {number // 100 % 100:02d}",
                    preferred_contact_form=rng.choice(("phone", "text", "meeting", "")),
                    created_at=created,
                )
            )
        self.bulk(Citizen, [c for c in citizens if c is not None])
        for i, planned in enumerate(batch):
            if planned.restart_of is not None:
                citizens[i] = citizens[planned.restart_of]

        # Courses, first those that are no restart (a restart points at its ended course).
        courses: list[Course] = []
        for planned, citizen in zip(batch, citizens, strict=True):
            assert citizen is not None
            story, info, worker, legal_basis = (
                planned.story,
                planned.info,
                planned.worker,
                planned.legal_basis,
            )
            # The services bump the version once per write after the referral (a pause closed by
            # the end is part of the end's write).
            writes = sum(d is not None for d in story.starts().values()) + (story.end is not None)
            writes += sum(1 + (p.resume is not None and p.resume != story.end) for p in story.pauses)
            courses.append(
                Course(
                    municipality_id=municipality_id,
                    citizen_id=citizen.pk,
                    programme_id=info.programme.pk,
                    legal_basis=legal_basis,
                    duration_months=info.programme.duration_for(legal_basis),
                    worker_id=worker.pk,
                    referral_date=story.referral,
                    contact_start=story.contact,
                    phase_1_start=story.phase_1,
                    phase_2_start=story.phase_2,
                    phase_3_start=story.phase_3,
                    end_date=story.end,
                    end_reason=story.end_reason,
                    end_reason_text=story.end_reason_text,
                    version=1 + writes,
                    created_at=self.at(story.referral, 9, 30),
                    updated_at=self.at(story.stop(self.today) if story.end else self._last_event(story), 15),
                )
            )
        for course, planned in zip(courses, batch, strict=True):
            course.set_next_step((p.start, p.resume) for p in planned.story.pauses)
        self.bulk(Course, [c for c, b in zip(courses, batch, strict=True) if b.restart_of is None])
        for course, planned in zip(courses, batch, strict=True):
            if planned.restart_of is not None:
                course.restarted_from_id = courses[planned.restart_of].pk
        self.bulk(Course, [c for c, b in zip(courses, batch, strict=True) if b.restart_of is not None])

        pauses: list[Pause] = []
        assignments: list[WorkerAssignment] = []
        for course, planned in zip(courses, batch, strict=True):
            story, worker = planned.story, planned.worker
            assignments.append(
                WorkerAssignment(
                    course_id=course.pk,
                    worker_id=worker.pk,
                    start=story.referral,
                    end=story.end,
                    assigned_by_id=coordinator.pk,
                    created_at=self.at(story.referral, 9, 30),
                )
            )
            for p in story.pauses:
                pauses.append(
                    Pause(
                        course_id=course.pk,
                        start=p.start,
                        resume=p.resume,
                        reason=p.reason,
                        reason_text=p.reason_text,
                        created_at=self.at(p.start, 11),
                    )
                )
        self.bulk(WorkerAssignment, assignments)
        self.bulk(Pause, pauses)
        pause_ids = iter(p.pk for p in pauses)

        # The course's own history in the audit log, as the services write it.
        answers: list[Light] = []
        transitions: list[TransitionRecord] = []
        contacts: list[Light] = []
        for course, citizen, planned in zip(courses, citizens, batch, strict=True):
            assert citizen is not None
            story, info, worker, restart_of = planned.story, planned.info, planned.worker, planned.restart_of
            if restart_of is None:
                audit_row(
                    "citizen.registered",
                    self.at(story.referral, 9),
                    coordinator,
                    "courses.citizen",
                    citizen.pk,
                    citizen.pk,
                    after={
                        "first_name": citizen.first_name,
                        "last_name": citizen.last_name,
                        "address": citizen.address,
                        "phone": citizen.phone,
                        "email": citizen.email,
                        "preferred_contact_form": citizen.preferred_contact_form,
                    },
                )
            state: dict[str, Any] = {
                "worker": worker.pk,
                "legal_basis": course.legal_basis,
                "duration_months": course.duration_months,
                "referral_date": str(story.referral),
                "contact_start": None,
                "phase_1_start": None,
                "phase_2_start": None,
                "phase_3_start": None,
                "end_date": None,
                "end_reason": "",
                "end_reason_text": "",
            }
            audit_row(
                "course.restarted" if restart_of is not None else "course.referred",
                self.at(story.referral, 9, 30),
                coordinator,
                "courses.course",
                course.pk,
                citizen.pk,
                after=dict(state),
            )
            answered: dict[str, dict[int, Light]] = {}
            events: list[tuple[dt.date, int, str, Any]] = []
            for order, (key, day) in enumerate(story.starts().items()):
                if day is not None:
                    events.append((day, order, key, None))
            for p in story.pauses:
                pause_id = next(pause_ids)
                events.append((p.start, 5, "pause", (p, pause_id)))
                if p.resume is not None:
                    events.append((p.resume, 6 if p.resume != story.end else 8, "resume", (p, pause_id)))
            if story.end is not None:
                events.append((story.end, 9, "end", None))
            for day, _order, kind, value in sorted(events, key=lambda e: (e[0], e[1])):
                when = self.at(day, 10, 15)
                if kind in PHASE_KEYS:
                    name = "contact_start" if kind == "contact" else f"{kind}_start"
                    before = dict(state)
                    state[name] = str(day)
                    action = (
                        "course.contact_period_started" if kind == "contact" else f"course.{kind}_started"
                    )
                    audit_row(
                        action,
                        when,
                        worker,
                        "courses.course",
                        course.pk,
                        citizen.pk,
                        before=before,
                        after=dict(state),
                    )
                    if kind != "contact":
                        record = self._transition(
                            rng, story, info, course, kind, day, worker, answers, answered
                        )
                        if record is not None:
                            transitions.append(record)
                elif kind == "pause":
                    p, pause_id = value
                    audit_row(
                        "course.paused",
                        when,
                        worker,
                        "courses.pause",
                        pause_id,
                        citizen.pk,
                        after={"start": str(p.start), "reason": p.reason, "reason_text": p.reason_text},
                    )
                elif kind == "resume":
                    p, pause_id = value
                    audit_row(
                        "course.resumed",
                        when,
                        worker,
                        "courses.pause",
                        pause_id,
                        citizen.pk,
                        before={"start": str(p.start), "resume": None},
                        after={"start": str(p.start), "resume": str(p.resume)},
                    )
                else:
                    before = dict(state)
                    state.update(
                        end_date=str(day), end_reason=story.end_reason, end_reason_text=story.end_reason_text
                    )
                    audit_row(
                        "course.ended",
                        when,
                        worker,
                        "courses.course",
                        course.pk,
                        citizen.pk,
                        before=before,
                        after=dict(state),
                    )
                    record = self._transition(
                        rng, story, info, course, "ended", day, worker, answers, answered
                    )
                    if record is not None:
                        transitions.append(record)
            # Checklist answers for every period the course has been in (added to `answers` by
            # `_transition` for the periods it left, here for the one it is in now).
            current = self._current_period(story)
            if current is not None and story.end is None and current not in answered:
                self._answer(rng, story, info, course, current, worker, answers, final=False)
            contacts.extend(self._journal(rng, story, course, worker))
        # Answers were collected in order; write them, then their audit rows.
        self.bulk(ChecklistAnswer, answers)
        for answer in answers:
            audit_row(
                "checklist.answered",
                answer.answered_at,
                answer.answered_by,
                "checklists.checklistanswer",
                answer.pk,
                answer.course.citizen_id,
                after={
                    "item": answer.item.code,
                    "checklist": answer.item.checklist.code,
                    "answer": answer.answer,
                    "comment_length": len(answer.comment),
                    "version": 1,
                },
            )
        self.bulk(TransitionRecord, transitions)
        self.bulk(ContactEntry, contacts)
        for entry in contacts:
            audit_row(
                "contact.created",
                entry.created_at,
                entry.author,
                "journal.contactentry",
                entry.pk,
                entry.course.citizen_id,
                after={
                    "occurred_at": entry.occurred_at.isoformat(),
                    "duration_minutes": entry.duration_minutes,
                    "kind": entry.kind,
                    "place": entry.place,
                    "citizen_present": entry.citizen_present,
                    "third_parties": "",
                    "status": entry.status,
                    "reminder_wanted": False,
                    "note_length": len(entry.note),
                    "next_agreement_length": len(entry.next_agreement),
                },
            )
        self._plans(rng, courses, citizens, batch, audit_row)
        self._compass(rng, courses, citizens, batch, audit_row)
        self.bulk(AuditEntry, audit)

    # pieces of a chunk

    def _last_event(self, story: Story) -> dt.date:
        days = [d for d in story.starts().values() if d is not None] + [story.referral]
        days += [p.start for p in story.pauses] + [p.resume for p in story.pauses if p.resume]
        return max(days)

    def _current_period(self, story: Story) -> str | None:
        for key in ("phase_3", "phase_2", "phase_1", "contact"):
            if story.starts()[key] is not None:
                return key
        return None

    def _answer(
        self,
        rng: random.Random,
        story: Story,
        info: ProgrammeInfo,
        course: Course,
        period: str,
        worker: User,
        answers: list[Light],
        *,
        final: bool,
        until: dt.date | None = None,
    ) -> dict[int, Light]:
        """Answers to the period's checklist: most items by the time the period is left, a share
        proportional to the time spent in the current one."""
        listed = info.checklists.get(period)
        start = story.starts()[period]
        if listed is None or start is None:
            return {}
        checklist, items = listed
        end = until or story.stop(self.today)
        span = max(1, (end - start).days)
        share = 0.7 if final else min(0.7, span / 120)
        choices = [a.value for a in checklist.answer_choices]
        given: dict[int, Light] = {}
        for position, item in enumerate(items):
            if rng.random() >= share:
                continue
            roll = rng.random()
            answer = choices[0] if roll < 0.8 else (choices[1] if roll < 0.93 else choices[2])
            day = start + dt.timedelta(days=min(span - 1, position * span // max(1, len(items))))
            row = Light(
                ChecklistAnswer,
                course=course,
                item=item,
                answer=answer,
                comment="Tages op igen (fiktiv)." if answer == "no" else "",
                answered_by=worker,
                answered_at=self.at(day, 14, position % 60),
            )
            answers.append(row)
            given[item.pk] = row
        return given

    def _transition(
        self,
        rng: random.Random,
        story: Story,
        info: ProgrammeInfo,
        course: Course,
        to: str,
        on: dt.date,
        worker: User,
        answers: list[Light],
        answered: dict[str, dict[int, Light]],
    ) -> TransitionRecord | None:
        """The transition record `checklists.services.transition_record` keeps, with the answers of
        the period left (written now, as they stood)."""
        previous = {"phase_1": "contact", "phase_2": "phase_1", "phase_3": "phase_2", "ended": "phase_3"}[to]
        if to == "ended":
            previous = self._period_before(story, on) or "phase_3"
        if previous not in answered and story.starts().get(previous) is not None:
            answered[previous] = self._answer(
                rng, story, info, course, previous, worker, answers, final=True, until=on
            )
        given = answered.get(previous, {})
        if to == "phase_1" and story.contact is None:
            return None
        listed = info.checklists.get(previous)
        items: list[ChecklistItem] = []
        if listed is not None and not (to == "ended" and previous != "phase_3"):
            checklist, all_items = listed
            transition = "end" if to == "ended" else to
            items = (
                all_items
                if checklist.kind == "transition"
                else [i for i in all_items if i.transition and i.transition == transition]
            )
        pauses = tuple(
            ClockPause(p.start, p.resume if p.resume and p.resume <= on else None)
            for p in story.pauses
            if p.start < on
        )
        dates = CourseDates(
            duration_months=course.duration_months,
            referral=story.referral,
            contact_start=story.contact,
            phase_1=story.phase_1 if story.phase_1 and story.phase_1 <= on else None,
            phase_2=story.phase_2 if story.phase_2 and story.phase_2 <= on else None,
            phase_3=story.phase_3 if story.phase_3 and story.phase_3 <= on else None,
            end=on if to == "ended" else None,
            pauses=pauses,
            tolerance_days=info.programme.tolerance_days,
        )
        schedule = compute_schedule(dates, today=on)
        target = Period.ENDED if to == "ended" else Period(to)
        found = next((t for t in schedule.transitions if t.to is target), None)
        timeliness = found.timeliness if found is not None else None
        return TransitionRecord(
            course_id=course.pk,
            to_period=to,
            on=on,
            recorded_at=self.at(on, 10, 15),
            recorded_by_id=worker.pk,
            checklist=listed[0]
            if listed is not None and not (to == "ended" and previous != "phase_3")
            else None,
            items=[
                {
                    "code": item.code,
                    "text": item.text,
                    "answer": given[item.pk].answer if item.pk in given else None,
                    "comment": given[item.pk].comment if item.pk in given else "",
                }
                for item in items
            ],
            answered=sum(1 for item in items if item.pk in given),
            total=len(items),
            timeliness=str(timeliness.status) if timeliness else "",
            timeliness_days=timeliness.days if timeliness else None,
        )

    def _period_before(self, story: Story, day: dt.date) -> str | None:
        found = None
        for key in PHASE_KEYS:
            start = story.starts()[key]
            if start is not None and start < day:
                found = key
        return found

    def _journal(self, rng: random.Random, story: Story, course: Course, worker: User) -> list[Light]:
        """Contacts in the period's rhythm from the contact period (or phase 1) on, none in a pause,
        and the next meeting planned for a running course."""
        start = story.contact or story.phase_1
        if start is None:
            return []
        stop = min(story.stop(self.today), self.today)
        entries: list[Light] = []
        starts = [(k, d) for k, d in story.starts().items() if d is not None]
        day = start + dt.timedelta(days=rng.randint(0, 3))
        while day < stop:
            if any(p.start <= day and (p.resume is None or day < p.resume) for p in story.pauses):
                day += dt.timedelta(days=1)
                continue
            period = next(k for k, d in reversed(starts) if d is not None and d <= day)
            roll = rng.random()
            status = (
                ContactStatus.HAPPENED
                if roll < 0.88
                else (ContactStatus.CANCELLED if roll < 0.94 else ContactStatus.NO_SHOW)
            )
            kind = rng.choice(CONTACT_KINDS)
            when = self.at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
            entered = min(when + dt.timedelta(hours=2), self.now)
            entries.append(
                Light(
                    ContactEntry,
                    course=course,
                    municipality_id=course.municipality_id,
                    occurred_at=when,
                    duration_minutes=rng.choice((30, 45, 60, 90, 120))
                    if status == ContactStatus.HAPPENED
                    else 0,
                    kind=kind,
                    place="Hjemme hos borgeren" if kind == ContactKind.HOME_VISIT else "",
                    citizen_present=kind != ContactKind.NETWORK,
                    status=status,
                    note=rng.choice(NOTES),
                    next_agreement="Vi ses igen som aftalt." if status == ContactStatus.HAPPENED else "",
                    author=worker,
                    created_at=entered,
                    updated_at=entered,
                )
            )
            step = RHYTHM[period] / self.density
            day += dt.timedelta(days=max(1, round(step * rng.uniform(0.7, 1.3))))
        if story.end is None and not any(p.resume is None for p in story.pauses):
            when = self.at(self.today + dt.timedelta(days=rng.randint(1, 7)), 13)
            entries.append(
                Light(
                    ContactEntry,
                    course=course,
                    municipality_id=course.municipality_id,
                    occurred_at=when,
                    duration_minutes=60,
                    kind=ContactKind.HOME_VISIT,
                    place="Hjemme hos borgeren",
                    status=ContactStatus.PLANNED,
                    reminder_wanted=False,
                    reminder_status=ReminderStatus.NONE,
                    author=worker,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
        return entries

    def _plans(
        self,
        rng: random.Random,
        courses: list[Course],
        citizens: list[Citizen | None],
        batch: list[Planned],
        audit_row: Callable[..., None],
    ) -> None:
        """A plan for each phase reached, made a few days into it: three focus areas with two
        sub-goals each in the first, carried forward (open sub-goals) into the next; revisions for
        each step, the odd sub-goal achieved and a follow-up."""
        # (plan, [(area, [goals])], [(kind, date, areas shown, achieved ids, note)], citizen id)
        made: list[
            tuple[CtiPlan, list[tuple[FocusArea, list[SubGoal]]], list[tuple[str, dt.date, str]], int]
        ] = []
        for course, citizen, planned in zip(courses, citizens, batch, strict=True):
            assert citizen is not None
            story, info, worker = planned.story, planned.info, planned.worker
            stop = story.stop(self.today)
            previous: tuple[CtiPlan, list[tuple[FocusArea, list[SubGoal]]]] | None = None
            phases = [k for k in ("phase_1", "phase_2", "phase_3") if story.starts()[k] is not None]
            for key in phases:
                start = story.starts()[key]
                assert start is not None
                made_on = start + dt.timedelta(days=rng.randint(2, 14))
                if made_on > stop:
                    break
                following = {"phase_1": story.phase_2, "phase_2": story.phase_3, "phase_3": None}[key]
                ends_on = (
                    (following - dt.timedelta(days=1))
                    if following
                    else add_months(start, course.duration_months // 3)
                )
                ends_on = max(ends_on, start)
                dimensions = rng.sample(info.dimensions, min(3, len(info.dimensions)))
                plan = CtiPlan(
                    course_id=course.pk,
                    municipality_id=course.municipality_id,
                    period=key,
                    made_on=made_on,
                    worker=worker,
                    starts_on=start,
                    ends_on=ends_on,
                    dimensions=dimensions,
                    citizen_words="Jeg vil gerne have en hverdag, der hænger sammen (fiktiv).",
                    created_at=self.at(made_on, 11),
                    updated_at=self.at(made_on, 11),
                )
                areas: list[tuple[FocusArea, list[SubGoal]]] = []
                steps: list[tuple[str, dt.date, str]] = []
                if previous is None:
                    steps.append((RevisionKind.CREATED, made_on, ""))
                    for position, dimension in enumerate(dimensions, start=1):
                        area = FocusArea(
                            position=position,
                            dimension=dimension,
                            goal=rng.choice(GOALS),
                            reason="Syntetisk begrundelse (fiktiv).",
                            responsibility="both",
                            activities="Vi mødes og tager det skridt for skridt.",
                            time_horizon="Inden fasen slutter",
                        )
                        goals = [
                            SubGoal(position=n, text=t)
                            for n, t in enumerate(rng.sample(SUB_GOALS, 2), start=1)
                        ]
                        areas.append((area, goals))
                        steps.append((RevisionKind.FOCUS_AREA_ADDED, made_on, ""))
                else:
                    plan.carried_from = previous[0]
                    steps.append((RevisionKind.CARRIED_FORWARD, made_on, ""))
                    for old_area, old_goals in previous[1]:
                        area = FocusArea(
                            position=old_area.position,
                            **{n: getattr(old_area, n) for n in FOCUS_FIELDS},
                        )
                        goals = [
                            SubGoal(position=g.position, text=g.text)
                            for g in old_goals
                            if g.achieved_on is None
                        ]
                        areas.append((area, goals))
                open_goals = [g for _a, gs in areas for g in gs]
                achieved_on = made_on + dt.timedelta(days=rng.randint(10, 40))
                if open_goals and achieved_on <= stop and achieved_on <= self.today:
                    goal = open_goals[0]
                    goal.achieved_on = achieved_on
                    steps.append((RevisionKind.SUB_GOAL_ACHIEVED, achieved_on, ""))
                follow_up = made_on + dt.timedelta(days=rng.randint(30, 60))
                if follow_up <= stop and follow_up <= self.today:
                    steps.append(
                        (RevisionKind.FOLLOW_UP, follow_up, "Planen gennemgået med borgeren (fiktiv).")
                    )
                steps[1:] = sorted(
                    steps[1:], key=lambda step: (step[1], step[0] != RevisionKind.FOCUS_AREA_ADDED)
                )
                plan.version = len(steps)
                plan.updated_at = self.at(steps[-1][1], 11, min(59, len(steps)))
                made.append((plan, areas, steps, citizen.pk))
                previous = (plan, areas)
        if not made:
            return
        plans = [m[0] for m in made]
        # A carried plan points at the previous plan: write plans period by period.
        for key in ("phase_1", "phase_2", "phase_3"):
            layer = [p for p in plans if p.period == key]
            for p in layer:
                if p.carried_from is not None:
                    p.carried_from_id = p.carried_from.pk
            self.bulk(CtiPlan, layer)
        all_areas = []
        for plan, areas, _steps, _c in made:
            for area, _goals in areas:
                area.plan_id = plan.pk
                all_areas.append(area)
        self.bulk(FocusArea, all_areas)
        all_goals = []
        for _plan, areas, _steps, _c in made:
            for area, goals in areas:
                for goal in goals:
                    goal.focus_area_id = area.pk
                    all_goals.append(goal)
        self.bulk(SubGoal, all_goals)
        revisions = []
        for plan, areas, steps, citizen_id in made:
            worker = plan.worker
            worker_name = worker.get_full_name() or worker.get_username()
            shown = 0 if steps[0][0] == RevisionKind.CREATED else len(areas)
            achieved = False
            for number, (kind, day, note) in enumerate(steps, start=1):
                if kind == RevisionKind.FOCUS_AREA_ADDED:
                    shown += 1
                if kind == RevisionKind.SUB_GOAL_ACHIEVED:
                    achieved = True
                snap = {
                    "period": plan.period,
                    "made_on": plan.made_on.isoformat(),
                    "worker": worker_name,
                    "starts_on": plan.starts_on.isoformat(),
                    "ends_on": plan.ends_on.isoformat(),
                    "dimensions": list(plan.dimensions),
                    "citizen_words": plan.citizen_words,
                    "focus_areas": [
                        {
                            "id": area.pk,
                            **{n: getattr(area, n) for n in FOCUS_FIELDS},
                            "sub_goals": [
                                {
                                    "id": g.pk,
                                    "text": g.text,
                                    "achieved_on": g.achieved_on.isoformat()
                                    if g.achieved_on and achieved
                                    else None,
                                }
                                for g in goals
                            ],
                        }
                        for area, goals in areas[:shown]
                    ],
                }
                when = self.at(day, 11, min(59, number))
                revisions.append(
                    Light(
                        PlanRevision,
                        plan_id=plan.pk,
                        number=number,
                        kind=kind,
                        saved_at=when,
                        saved_by=worker,
                        follow_up_on=day if kind == RevisionKind.FOLLOW_UP else None,
                        note=note,
                        snapshot=snap,
                    )
                )
                audit_row(
                    f"cti_plan.{kind}",
                    when,
                    worker,
                    "plans.ctiplan",
                    plan.pk,
                    citizen_id,
                    after={"revision": number, "period": plan.period, "focus_areas": shown},
                )
        self.bulk(PlanRevision, revisions)

    def _compass(
        self,
        rng: random.Random,
        courses: list[Course],
        citizens: list[Citizen | None],
        batch: list[Planned],
        audit_row: Callable[..., None],
    ) -> None:
        """Change-compass rounds where they fall due (compass/rounds.py): early in the contact
        period and in the last three weeks of each phase that has ended; the citizen and the worker
        each rate every dimension, a little better each round."""
        rounds: list[tuple[CompassRound, list[CompassRating], User, int]] = []
        for course, citizen, planned in zip(courses, citizens, batch, strict=True):
            story, info, worker = planned.story, planned.info, planned.worker
            if not info.compass or citizen is None:
                continue
            stop = min(story.stop(self.today), self.today)
            held: list[tuple[str, dt.date]] = []
            if story.contact is not None:
                last = min(story.contact + dt.timedelta(days=30), story.phase_1 or stop, stop)
                if last > story.contact:
                    held.append(
                        (
                            "contact",
                            story.contact + dt.timedelta(days=rng.randint(1, (last - story.contact).days)),
                        )
                    )
            ends = {
                "phase_1": story.phase_2,
                "phase_2": story.phase_3,
                "phase_3": story.end if story.end_reason == EndReason.COMPLETED else None,
            }
            for slot, end_of_phase in ends.items():
                start = story.starts()[slot]
                if start is None or end_of_phase is None:
                    break
                day = max(start, end_of_phase - dt.timedelta(days=rng.randint(1, 20)))
                if day > stop or (story.end is not None and day >= story.end):
                    break
                held.append((slot, day))
            base = {key: rng.randint(2, 6) for key in info.compass}
            for step, (slot, day) in enumerate(held):
                compass_round = CompassRound(
                    course_id=course.pk,
                    municipality_id=course.municipality_id,
                    slot=slot,
                    held_on=day,
                    version=2,
                    created_by=worker,
                    created_at=self.at(day, 13),
                    updated_at=self.at(day, 13, 20),
                )
                ratings = [
                    CompassRating(
                        respondent=respondent,
                        dimension=key,
                        value=max(
                            1, min(10, base[key] + step + rng.randint(-1, 1) + (respondent == "worker"))
                        ),
                        rated_on=day,
                        entered_by=worker,
                        created_at=self.at(day, 13, minute),
                    )
                    for minute, respondent in ((0, Respondent.CITIZEN), (20, Respondent.WORKER))
                    for key in info.compass
                ]
                rounds.append((compass_round, ratings, worker, citizen.pk))
        self.bulk(CompassRound, [r[0] for r in rounds])
        for compass_round, ratings, worker, citizen_id in rounds:
            for rating in ratings:
                rating.round_id = compass_round.pk
            for minute, respondent in ((0, Respondent.CITIZEN), (20, Respondent.WORKER)):
                values = {r.dimension: r.value for r in ratings if r.respondent == respondent}
                audit_row(
                    "compass.rated",
                    self.at(compass_round.held_on, 13, minute),
                    worker,
                    "compass.compassround",
                    compass_round.pk,
                    citizen_id,
                    after={
                        "slot": compass_round.slot,
                        "respondent": str(respondent),
                        "values": dict(sorted(values.items())),
                        "dimensions": sorted(values),
                        "notes": [],
                        "corrected": False,
                    },
                )
        self.bulk(CompassRating, [rating for _r, ratings, _w, _c in rounds for rating in ratings])
