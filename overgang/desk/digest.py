"""The weekly digest: each worker their slice of the phase plan and open alerts, each coordinator
the whole plan of their programmes, as HTML mail with the phase plan as xlsx attached.

Idempotent per ISO week: a delivery row is claimed (unique per user and week) before the mail is
sent, and released again if sending fails, so running the command twice sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from overgang.accounts.models import Role, User
from overgang.audit.services import audit_record
from overgang.courses.access import programmes_visible_to
from overgang.desk.models import DigestDelivery
from overgang.desk.selectors import (
    AlertItem,
    PhasePlanRow,
    alerts_for,
    phase_plan_sections_for,
)
from overgang.programmes.models import Programme

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIGEST_ROLES = (Role.WORKER, Role.COORDINATOR)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Digest:
    user: User
    week: str
    today: dt.date
    sections: list[tuple[Programme, list[PhasePlanRow]]]
    alerts: list[AlertItem]

    @property
    def course_count(self) -> int:
        return sum(len(rows) for _, rows in self.sections)


def digest_for(user: User, *, today: dt.date) -> Digest:
    """What the user's digest holds: the phase plan as they may see it, and their open alerts."""
    programmes = list(programmes_visible_to(user).order_by("name"))
    sections = phase_plan_sections_for(user, programmes=programmes, today=today)
    return Digest(
        user=user, week=iso_week(today), today=today, sections=sections, alerts=alerts_for(user, today=today)
    )


def digest_recipients() -> list[User]:
    return list(
        User.objects.filter(is_active=True, role__in=DIGEST_ROLES, municipality__isnull=False)
        .exclude(email="")
        .order_by("pk")
    )


def render_digest(digest: Digest) -> tuple[str, str, str]:
    """Subject, plain text and HTML, in Danish (the product's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"digest": digest, "user": digest.user, "today": digest.today}
        subject = _("Overgang: your phase plan for week %(week)s") % {"week": digest.week.split("-W")[1]}
        text = render_to_string("desk/digest_email.txt", context)
        html = render_to_string("desk/digest_email.html", context)
    return subject, text, html


def digest_message(digest: Digest, *, connection: Any = None) -> EmailMultiAlternatives:
    from overgang.desk.exports import phase_plan_xlsx

    subject, text, html = render_digest(digest)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[digest.user.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    with translation.override(settings.LANGUAGE_CODE):
        attachment = phase_plan_xlsx(digest.sections, today=digest.today)
    message.attach(f"faseplan-{digest.week}.xlsx", attachment, XLSX)
    return message


@dataclass(frozen=True)
class DigestRun:
    sent: int
    skipped: int
    failed: int


def digest_send_week(*, today: dt.date, dry_run: bool = False, stdout: Any = None) -> DigestRun:
    """Send this ISO week's digest to every recipient who has not had it yet."""
    week = iso_week(today)
    sent = skipped = failed = 0
    connection = get_connection()
    for user in digest_recipients():
        if DigestDelivery.objects.filter(user=user, week=week).exists():
            skipped += 1
            continue
        if dry_run:
            digest = digest_for(user, today=today)
            if stdout:
                stdout.write(
                    f"would send to {user.username}: "
                    f"{digest.course_count} courses, {len(digest.alerts)} alerts"
                )
            continue
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(user=user, week=week)
        except IntegrityError:
            skipped += 1  # another run claimed this user's digest first
            continue
        try:
            digest = digest_for(user, today=today)
            digest_message(digest, connection=connection).send()
        except Exception:
            # Release the claim so the next run tries again; never fail silently.
            delivery.delete()
            failed += 1
            logger.exception("weekly digest to user %s failed", user.pk)
            continue
        audit_record(
            actor=None,
            action="digest.sent",
            obj=delivery,
            municipality_id=user.municipality_id,
            after={
                "user": user.pk,
                "week": week,
                "courses": digest.course_count,
                "alerts": len(digest.alerts),
            },
        )
        sent += 1
    return DigestRun(sent=sent, skipped=skipped, failed=failed)
