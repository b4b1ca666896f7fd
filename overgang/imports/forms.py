"""The wizard's forms: the upload, and the column mapping with the programme and legal basis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from overgang.imports.mapping import FIELDS
from overgang.imports.parsing import MAX_FILE_BYTES

NOT_IN_FILE = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An Excel workbook (.xlsx, the first sheet is read) or a csv file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-file-input", "accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB."), params={"size": 5})
        return upload


class MappingForm(forms.Form):
    """One choice per field: a column of the file, or not in the file; then where the rows go."""

    def __init__(self, *args: Any, headers: list[str], programmes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [
            (str(i), heading or _("Column %(number)d") % {"number": i + 1})
            for i, heading in enumerate(headers)
        ]
        choices = [(NOT_IN_FILE, _("— not in the file —")), *columns]
        for f in FIELDS:
            self.fields[f.key] = forms.ChoiceField(
                label=str(f.label),
                choices=choices,
                required=f.required,
                error_messages={"required": _("Choose the column that holds this.")},
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.fields["target"] = forms.ChoiceField(
            label=_("Programme and legal basis"),
            help_text=_("The courses are registered in this programme with this legal basis."),
            choices=[
                (f"{p.pk}:{basis['code']}", f"{p.name} · {basis['label']}")
                for p in programmes
                for basis in p.legal_bases
            ],
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        used: dict[str, str] = {}
        for f in FIELDS:
            column = cleaned.get(f.key)
            if column:
                if column in used:
                    self.add_error(
                        f.key, _("This column is already chosen for “%(field)s”.") % {"field": used[column]}
                    )
                used[column] = str(f.label)
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {
            f.key: int(self.cleaned_data[f.key]) if self.cleaned_data.get(f.key) else None for f in FIELDS
        }

    def target(self) -> tuple[int, str]:
        pk, _sep, code = self.cleaned_data["target"].partition(":")
        return int(pk), code
