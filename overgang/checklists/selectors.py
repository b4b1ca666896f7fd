"""Reads: which checklist a course works with in a period, its answers, and progress per group."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, Value, When

from overgang.checklists.models import Answer, Checklist, ChecklistAnswer, ChecklistItem
from overgang.courses.models import Course
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
