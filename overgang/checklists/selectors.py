"""Reads: which checklist a course works with in a period, its answers, and progress per group."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When

from overgang.checklists.models import Answer, Checklist, ChecklistAnswer, ChecklistItem
from overgang.courses.models import Course
from overgang.method.clock import compute_schedule
from overgang.programmes.models import Programme

PERIODS = ("contact", "phase_1", "phase_2", "phase_3")


def checklist_for(programme: Programme, key: str) -> Checklist | None:
    """The programme's checklist for a period (or "fidelity"): its own edited copy if it has one,
    else the shared transcription; the newest version either way."""
    code = (programme.checklists or {}).get(key)
    if not code:
        return None
    own_copy_first = Case(
        When(programme=programme, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Checklist.objects.filter(code=code)
        .filter(Q(programme=programme) | Q(programme__isnull=True))
        .order_by(own_copy_first, "-version")
        .first()
    )


def checklists_for_many(wanted: Iterable[tuple[Programme, str]]) -> dict[tuple[int, str], Checklist | None]:
    """`checklist_for` for many (programme, period) pairs in one query, with the same choice: the
    programme's own edited copy before the shared transcription, the newest version either way."""
    codes: dict[tuple[int, str], str] = {}
    programmes: dict[int, Programme] = {}
    for programme, key in wanted:
        programmes[programme.pk] = programme
        code = (programme.checklists or {}).get(key)
        codes[(programme.pk, key)] = code or ""
    found: dict[tuple[int, str], Checklist | None] = dict.fromkeys(codes)
    needed = {code for code in codes.values() if code}
    if not needed:
        return found
    candidates = list(
        Checklist.objects.filter(code__in=needed).filter(
            Q(programme_id__in=list(programmes)) | Q(programme__isnull=True)
        )
    )
    for (programme_id, key), code in codes.items():
        mine = [c for c in candidates if c.code == code and c.programme_id in (programme_id, None)]
        mine.sort(key=lambda c: (0 if c.programme_id == programme_id else 1, -c.version))
        found[(programme_id, key)] = mine[0] if mine else None
    return found


def course_checklist_ids(course: Course) -> set[int]:
    """The checklists the course's programme works with, one per period."""
    found = (checklist_for(course.programme, period) for period in PERIODS)
    return {checklist.pk for checklist in found if checklist is not None}


@dataclass
class ItemRow:
    item: ChecklistItem
    answer: ChecklistAnswer | None


@dataclass
class Group:
    heading: str
    transition: str
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.answer is not None)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def no(self) -> int:
        return sum(1 for row in self.rows if row.answer is not None and row.answer.answer == Answer.NO)


@dataclass
class CourseChecklist:
    checklist: Checklist
    period: str
    groups: list[Group]

    @property
    def answered(self) -> int:
        return sum(g.answered for g in self.groups)

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    def transition_rows(self, to: str | None = None) -> list[ItemRow]:
        """The items to be in place at the transition out of this period: a transition list is all
        of it; a phase list (appendices 1–3) has its "Ved overgang til …" group."""
        if self.checklist.kind == "transition":
            return [row for group in self.groups for row in group.rows]
        return [
            row
            for group in self.groups
            if group.transition and (to is None or group.transition == to)
            for row in group.rows
        ]


def course_checklist(course: Course, period: str) -> CourseChecklist | None:
    """The course's checklist for a period with its answers, grouped as in the source (2 queries)."""
    checklist = checklist_for(course.programme, period)
    if checklist is None:
        return None
    items = list(checklist.items.all())
    answers = {
        answer.item_id: answer
        for answer in ChecklistAnswer.objects.filter(course=course, item__checklist=checklist).select_related(
            "answered_by"
        )
    }
    groups: list[Group] = []
    current = None
    for item in items:
        if current is None or item.group != current[0]:
            current = (item.group, Group(heading=item.heading_label, transition=item.transition))
            groups.append(current[1])
        current[1].rows.append(ItemRow(item=item, answer=answers.get(item.pk)))
    return CourseChecklist(checklist=checklist, period=period, groups=groups)


def checklist_completion(courses: Iterable[Course], *, today: dt.date) -> dict[int, tuple[int, int]]:
    """Answered and total items of the checklist for the period each course is in today.

    Three queries for any number of courses: the lists, their sizes and the answers.
    """
    wanted: dict[int, int] = {}
    in_period: list[tuple[Course, str]] = []
    for course in courses:
        period = str(compute_schedule(course.clock_dates(), today=today).period)
        if period in PERIODS:
            in_period.append((course, period))
    lists = checklists_for_many({(course.programme, period) for course, period in in_period})
    for course, period in in_period:
        checklist = lists[(course.programme_id, period)]
        if checklist is not None:
            wanted[course.pk] = checklist.pk
    totals = dict(
        ChecklistItem.objects.filter(checklist_id__in=set(wanted.values()))
        .values("checklist_id")
        .annotate(n=Count("pk"))
        .values_list("checklist_id", "n")
    )
    answered = Counter(
        (course_id, checklist_id)
        for course_id, checklist_id in ChecklistAnswer.objects.filter(
            course_id__in=list(wanted), item__checklist_id__in=set(wanted.values())
        ).values_list("course_id", "item__checklist_id")
    )
    return {
        course_id: (answered[(course_id, checklist_id)], totals.get(checklist_id, 0))
        for course_id, checklist_id in wanted.items()
    }


@dataclass(frozen=True)
class ItemNoShare:
    item: ChecklistItem
    no: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.no / self.answered) if self.answered else 0


def no_share_per_item(checklist: Checklist, courses: Iterable[Course]) -> list[ItemNoShare]:
    """For each item, how many of the courses' answers were Nej: the items most often not done
    first (one query)."""
    counts: dict[int, Counter[str]] = {}
    for item_id, answer in ChecklistAnswer.objects.filter(
        item__checklist=checklist, course__in=list(courses)
    ).values_list("item_id", "answer"):
        counts.setdefault(item_id, Counter())[answer] += 1
    rows = [
        ItemNoShare(
            item=item,
            no=counts.get(item.pk, Counter())["no"],
            answered=sum(counts.get(item.pk, Counter()).values()),
        )
        for item in checklist.items.all()
    ]
    rows.sort(key=lambda row: (-row.percent, -row.no, row.item.position))
    return rows
