from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from overgang.accounts.admin import MunicipalityScopedAdmin
from overgang.privacy.models import PreservationMarker
from overgang.privacy.services import citizen_mark_preserved, citizen_unmark_preserved


@admin.register(PreservationMarker)
class PreservationMarkerAdmin(MunicipalityScopedAdmin):
    """Administrators mark the citizens whose data must be kept whatever RETENTION_MODE says."""

    list_display = ["citizen_id", "reason", "marked_by", "marked_at"]
    fields = ["citizen", "reason", "marked_by", "marked_at"]
    readonly_fields = ["marked_by", "marked_at"]
    raw_id_fields = ["citizen"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        marker = citizen_mark_preserved(citizen=obj.citizen, actor=request.user, reason=obj.reason)
        obj.pk, obj.marked_by, obj.marked_at = marker.pk, marker.marked_by, marker.marked_at

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        citizen_unmark_preserved(citizen=obj.citizen, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for marker in queryset.select_related("citizen"):
            citizen_unmark_preserved(citizen=marker.citizen, actor=request.user)
