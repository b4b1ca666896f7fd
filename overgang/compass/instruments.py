"""Change-compass instruments as data: the dimensions a programme rates, 1 to 10.

Each programme template has a data file in overgang/compass/data/<template code>.json. A programme
uses its template's file until a coordinator edits the instrument; the edited copy is then stored on
the programme (models.CompassInstrument). Dimensions are never deleted, only retired, so that rounds
rated before an edit keep their labels.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from overgang.compass.models import CompassInstrument
from overgang.programmes.models import localised

DATA = Path(__file__).resolve().parent / "data"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LABEL_MAX = 200
HELP_MAX = 300


@dataclass(frozen=True)
class Dimension:
    key: str
    label: dict[str, str]
    short: dict[str, str] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)
    retired: bool = False

    @property
    def label_text(self) -> str:
        return localised(self.label)

    @property
    def short_text(self) -> str:
        """For charts: the short label where one is given, else the label."""
        return localised(self.short) if self.short else self.label_text

    @property
    def help_text(self) -> str:
        return localised(self.help) if self.help else ""

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": dict(self.label)}
        if self.short:
            data["short"] = dict(self.short)
        if self.help:
            data["help"] = dict(self.help)
        if self.retired:
            data["retired"] = True
        return data


@dataclass(frozen=True)
class Instrument:
    dimensions: tuple[Dimension, ...]
    source: str = ""
    version: int = 0  # 0: the template's data file, not yet edited for the programme

    @property
    def active(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if not d.retired)

    @property
    def retired(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.retired)

    def get(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def as_data(self) -> list[dict[str, Any]]:
        return [d.as_data() for d in self.dimensions]


def _text_pair(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {lang: str(value[lang]).strip() for lang in ("da", "en") if str(value.get(lang) or "").strip()}


def dimensions_error(dimensions: Any) -> str | None:
    """Why a list of dimensions is not a valid instrument, or None. English: for data files and tests."""
    if not isinstance(dimensions, list) or not dimensions:
        return "An instrument needs a list of dimensions."
    keys: set[str] = set()
    for entry in dimensions:
        if not isinstance(entry, dict):
            return "Each dimension is an object."
        key = entry.get("key")
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            return f"Bad dimension key: {key!r}."
        if key in keys:
            return f"Dimension key {key!r} is used twice."
        keys.add(key)
        label = _text_pair(entry.get("label"))
        if set(label) != {"da", "en"}:
            return f"Dimension {key!r} needs a Danish and an English label."
        if any(len(text) > LABEL_MAX for text in label.values()):
            return f"Dimension {key!r} has a label longer than {LABEL_MAX} characters."
        for name in ("short", "help"):
            if name in entry and not isinstance(entry[name], dict):
                return f"Dimension {key!r}: {name} must be an object with da and en."
        if any(len(text) > HELP_MAX for text in _text_pair(entry.get("help")).values()):
            return f"Dimension {key!r} has a help text longer than {HELP_MAX} characters."
    if all(entry.get("retired") for entry in dimensions):
        return "An instrument needs at least one dimension in use."
    return None


def dimensions_from_data(dimensions: list[dict[str, Any]]) -> tuple[Dimension, ...]:
    return tuple(
        Dimension(
            key=entry["key"],
            label=_text_pair(entry["label"]),
            short=_text_pair(entry.get("short")),
            help=_text_pair(entry.get("help")),
            retired=bool(entry.get("retired")),
        )
        for entry in dimensions
    )


@cache
def _template_file(code: str) -> dict[str, Any]:
    path = DATA / f"{code}.json"
    if not path.exists():
        path = DATA / "generic.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def template_instrument(code: str) -> Instrument:
    """The instrument in the data file of a programme template (the generic one if none exists)."""
    data = _template_file(code)
    return Instrument(dimensions=dimensions_from_data(data["dimensions"]), source=data["source"], version=0)


def instrument_for_programme(programme: Any) -> Instrument:
    """The programme's edited instrument, or its template's data file until it is edited."""
    stored = CompassInstrument.objects.filter(programme_id=programme.pk).first()
    if stored is None:
        return template_instrument(programme.template.code)
    return Instrument(
        dimensions=dimensions_from_data(stored.dimensions), source=stored.source, version=stored.version
    )
