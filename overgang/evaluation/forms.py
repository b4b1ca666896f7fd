from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.courses.forms import DateInput, StyledForm


class EvaluationExportForm(StyledForm):
    templates = forms.MultipleChoiceField(
        label=_("Programmes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to include every programme."),
    )
    ended_after = forms.DateField(
        label=_("Leave out courses ended before"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["templates"].choices = templates  # type: ignore[attr-defined]
