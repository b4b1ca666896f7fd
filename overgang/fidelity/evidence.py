"""What the system can say itself about four items of appendix 4, from its own data.

Each function returns the suggested answer and the evidence, in the active language. The reviewer
sees both and may answer otherwise, with a reason. The suggestions, in words:

- caseload: Ja when no worker of the programme has more than 10 active citizens today (the item's
  own figure), counted across all the worker's programmes.
- timeliness: Ja when at least 80 % of the transitions realised in the last 12 months were on time
  (within the programme's tolerance) and no transition is overdue today.
- plans: Ja when every active course in phase 1–3 has a CTI plan.
- supervision: Ja when every worker of the programme took part in a supervision session within the
  last 4 weeks (the supervision log).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from overgang.courses.models import Course
from overgang.figures.selectors import course_facts
from overgang.method.alerts import SUPERVISION_INTERVAL_WEEKS
from overgang.method.clock import Period, compute_schedule
from overgang.method.dates import add_months
from overgang.method.figures import DateRange, transitions_on_time
from overgang.plans.models import CtiPlan
from overgang.programmes.models import Programme
from overgang.supervision.selectors import last_session_days

MAX_CITIZENS_PER_WORKER = 10
ON_TIME_SHARE = Fraction(4, 5)


@dataclass(frozen=True)
class Evidence:
    suggested: str | None  # "yes", "no", or None when the data cannot say
    text: str


def _courses(programme: Programme, course: Course | None) -> QuerySet[Course]:
    courses = Course.objects.filter(programme=programme)
    if course is not None:
        courses = courses.filter(pk=course.pk)
    return courses


def caseload(programme: Programme, course: Course | None, today: dt.date) -> Evidence:
    workers = (
        [course.worker_id] if course is not None else list(programme.workers.values_list("pk", flat=True))
    )
    counts = Counter(
        Course.objects.filter(worker_id__in=workers, end_date__isnull=True).values_list(
            "worker_id", flat=True
        )
    )
    if not workers:
        return Evidence(None, _("The programme has no workers."))
    highest = max((counts.get(w, 0) for w in workers), default=0)
    over = sum(1 for w in workers if counts.get(w, 0) > MAX_CITIZENS_PER_WORKER)
    text = _(
        "Today at most %(highest)s active citizens per CTI worker; "
        "%(over)s of %(workers)s workers have more than 10."
    ) % {
        "highest": highest,
        "over": over,
        "workers": len(workers),
    }
    return Evidence("yes" if over == 0 else "no", text)


def timeliness(programme: Programme, course: Course | None, today: dt.date) -> Evidence:
    courses = list(
        _courses(programme, course)
        .select_related("citizen", "programme", "worker")
        .prefetch_related("pauses", "assignments__worker")
    )
    facts = [course_facts(c, rule=c.programme.caseload_rule_for(c.legal_basis)) for c in courses]
    total = transitions_on_time(facts, DateRange(add_months(today, -12), today)).total
    overdue = sum(
        1 for c in courses if c.end_date is None and compute_schedule(c.clock_dates(), today=today).overdue
    )
    if not total.realised.count and not overdue:
        return Evidence(None, _("No transitions in the last 12 months to judge by."))
    share = total.share_on_time or Fraction(0)
    text = _(
        "%(on_time)s of %(realised)s transitions in the last 12 months were on time; "
        "%(overdue)s overdue today."
    ) % {
        "on_time": total.on_time.count,
        "realised": total.realised.count,
        "overdue": overdue,
    }
    return Evidence("yes" if share >= ON_TIME_SHARE and overdue == 0 else "no", text)


def plans(programme: Programme, course: Course | None, today: dt.date) -> Evidence:
    active = [
        c
        for c in _courses(programme, course).filter(end_date__isnull=True).prefetch_related("pauses")
        if compute_schedule(c.clock_dates(), today=today).period
        in (Period.PHASE_1, Period.PHASE_2, Period.PHASE_3)
    ]
    if not active:
        return Evidence(None, _("No active courses in phase 1–3."))
    with_plan = set(CtiPlan.objects.filter(course__in=active).values_list("course_id", flat=True))
    text = _("%(with_plan)s of %(active)s active courses in phase 1–3 have a CTI plan.") % {
        "with_plan": len(with_plan),
        "active": len(active),
    }
    return Evidence("yes" if len(with_plan) == len(active) else "no", text)


def supervision(programme: Programme, course: Course | None, today: dt.date) -> Evidence:
    workers = (
        [course.worker_id] if course is not None else list(programme.workers.values_list("pk", flat=True))
    )
    if not workers:
        return Evidence(None, _("The programme has no workers."))
    last = last_session_days(workers)
    since = today - dt.timedelta(weeks=SUPERVISION_INTERVAL_WEEKS)
    recent = sum(1 for w in workers if last.get(w) is not None and last[w] >= since)
    text = _(
        "%(recent)s of %(workers)s CTI workers took part in supervision in the last %(weeks)s weeks."
    ) % {
        "recent": recent,
        "workers": len(workers),
        "weeks": SUPERVISION_INTERVAL_WEEKS,
    }
    return Evidence("yes" if recent == len(workers) else "no", text)


EVIDENCE: dict[str, Callable[[Programme, Course | None, dt.date], Evidence]] = {
    "caseload": caseload,
    "timeliness": timeliness,
    "plans": plans,
    "supervision": supervision,
}
