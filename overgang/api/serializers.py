"""JSON shapes for API v1. Input serializers parse; the rules live in the course services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from overgang.courses.models import ContactForm, Course, EndReason, PauseReason
from overgang.method.caseload import Caseload
from overgang.method.clock import Schedule, Transition


def _decimal(value: Any) -> str | None:
    return None if value is None else f"{float(value):.2f}"


class TimelinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["on_time", "early", "late"])
    days = serializers.IntegerField()


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=["phase_2", "phase_3", "ended"])
    planned = serializers.DateField()
    realised = serializers.DateField(allow_null=True)
    timeliness = TimelinessSerializer(allow_null=True)
    overdue = serializers.BooleanField()
    days_until = serializers.IntegerField()


class PauseSerializer(serializers.Serializer):
    start = serializers.DateField()
    resume = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    length_days = serializers.IntegerField(allow_null=True)


class ScheduleSerializer(serializers.Serializer):
    today = serializers.DateField()
    period = serializers.CharField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    days_in_period = serializers.IntegerField(allow_null=True)
    paused = serializers.BooleanField()
    contact_limit = serializers.DateField(allow_null=True)
    contact_too_long = serializers.BooleanField()
    phase_months = serializers.IntegerField()
    tolerance_days = serializers.IntegerField()
    transitions = TransitionSerializer(many=True)
    flags = serializers.ListField(child=serializers.CharField())


def schedule_data(schedule: Schedule) -> dict[str, Any]:
    def transition(t: Transition) -> dict[str, Any]:
        return {
            "to": str(t.to),
            "planned": t.planned,
            "realised": t.realised,
            "timeliness": (
                {"status": str(t.timeliness.status), "days": t.timeliness.days} if t.timeliness else None
            ),
            "overdue": t.overdue,
            "days_until": t.days_until,
        }

    return {
        "today": schedule.today,
        "period": str(schedule.period) if schedule.period else None,
        "period_start": schedule.period_start,
        "days_in_period": schedule.days_in_period,
        "paused": schedule.paused,
        "contact_limit": schedule.contact_limit,
        "contact_too_long": schedule.contact_too_long,
        "phase_months": schedule.phase_months,
        "tolerance_days": schedule.tolerance_days,
        "transitions": [transition(t) for t in schedule.transitions],
        "flags": [str(f) for f in schedule.flags],
    }


class CourseSerializer(serializers.ModelSerializer):
    citizen_name = serializers.CharField(source="citizen.full_name")
    programme_name = serializers.CharField(source="programme.name")
    worker_name = serializers.CharField(source="worker.get_full_name")
    # Blank while the course runs: declared so the schema says so (read-only model fields lose allow_blank).
    end_reason = serializers.ChoiceField(choices=EndReason.choices, allow_blank=True, read_only=True)
    schedule = serializers.SerializerMethodField()
    pauses = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id",
            "citizen",
            "citizen_name",
            "programme",
            "programme_name",
            "legal_basis",
            "duration_months",
            "worker",
            "worker_name",
            "referral_date",
            "contact_start",
            "phase_1_start",
            "phase_2_start",
            "phase_3_start",
            "end_date",
            "end_reason",
            "end_reason_text",
            "restarted_from",
            "version",
            "pauses",
            "schedule",
        ]
        read_only_fields = fields

    def get_schedule(self, course: Course) -> dict[str, Any]:
        schedule = self.context["schedules"][course.pk]
        return ScheduleSerializer(schedule_data(schedule)).data

    def get_pauses(self, course: Course) -> list[dict[str, Any]]:
        return [
            {"start": p.start, "resume": p.resume, "reason": p.reason, "length_days": p.length_days}
            for p in course.pauses.all()
        ]


class CaseloadPointSerializer(serializers.Serializer):
    day = serializers.DateField()
    load = serializers.CharField(help_text="Share of one full-time caseload, as a decimal string.")
    capacity = serializers.CharField(help_text="The worker's FTE.")
    units = serializers.CharField(allow_null=True)
    unit_capacity = serializers.CharField(allow_null=True)
    over_capacity = serializers.BooleanField()
    by_period = serializers.DictField(child=serializers.IntegerField())


def caseload_point(point: Caseload) -> dict[str, Any]:
    return {
        "day": point.day,
        "load": _decimal(point.load),
        "capacity": _decimal(point.capacity),
        "units": _decimal(point.units),
        "unit_capacity": _decimal(point.unit_capacity),
        "over_capacity": point.over_capacity,
        "by_period": {str(k): v for k, v in point.by_period.items()},
    }


class CaseloadSerializer(serializers.Serializer):
    worker = serializers.IntegerField()
    fte = serializers.CharField()
    now = CaseloadPointSerializer()
    forecast = CaseloadPointSerializer(many=True)
    first_date_with_room = serializers.DateField(allow_null=True)
    assumption = serializers.CharField()


# Input --------------------------------------------------------------------------------------------


class VersionedInput(serializers.Serializer):
    # Required: a change made without saying which version it was made from could overwrite one
    # made in the meantime (no lost updates).
    version = serializers.IntegerField(
        min_value=1, help_text="The course version you saw (`version` of the course); a newer one gives 409."
    )


class DateInput(VersionedInput):
    on = serializers.DateField()


class PhaseInput(DateInput):
    phase = serializers.IntegerField(min_value=1, max_value=3)


class PauseInput(VersionedInput):
    start = serializers.DateField()
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    reason_text = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class EndInput(DateInput):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    reason_text = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class RestartInput(serializers.Serializer):
    referral_date = serializers.DateField()


class ReassignInput(DateInput):
    worker = serializers.IntegerField()


class ReferralInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    cpr = serializers.CharField(max_length=11)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    preferred_contact_form = serializers.ChoiceField(
        choices=ContactForm.choices, required=False, allow_blank=True, default=""
    )
    programme = serializers.IntegerField()
    legal_basis = serializers.CharField(max_length=30)
    worker = serializers.IntegerField()
    referral_date = serializers.DateField()


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]
