from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from overgang.accounts.admin import MunicipalityScopedAdmin
from overgang.programmes.models import Programme, ProgrammeTemplate


class ProgrammeAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Carries the programme's version, so a stale admin form cannot overwrite a change made since
    (the contact norms a coordinator changed on the desk, or another administrator's save)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.instance.pk is not None:
            # The admin saves in one transaction: the lock holds until the save, so a second save
            # of the same version waits here and then sees the first one's version.
            current = (
                Programme.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != self.cleaned_data.get("version"):
                raise ValidationError(
                    _(
                        "Someone else changed this programme while you were working. Nothing was saved: "
                        "reload the page to see the change."
                    ),
                    code="conflict",
                )
        return self.cleaned_data


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "duration_months", "caseload_rule", "caseload_max"]


@admin.register(Programme)
class ProgrammeAdmin(MunicipalityScopedAdmin):
    form = ProgrammeAdminForm
    list_display = ["name", "municipality", "template", "duration_months", "caseload_max", "is_active"]
    list_filter = ["municipality", "template", "is_active"]
    filter_horizontal = ["coordinators", "workers"]

    def save_model(self, request: HttpRequest, obj: Programme, form: Any, change: bool) -> None:
        if change:
            obj.version += 1  # the form checked it under the lock
        super().save_model(request, obj, form, change)
