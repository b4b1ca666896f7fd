"""Every model that holds a citizen's data, found by following the relations from Citizen.

The data export (art. 15) and retention both start here, so a model added later with a foreign key
to a citizen, a course or anything below them is exported, anonymised and deleted without anyone
having to remember it. A model linked to citizen data only by a many-to-many relation is not
followed (such rows are shared, e.g. a supervision session about several citizens): it must be
listed in NOT_FOLLOWED with the reason, and a test fails when one is neither.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from overgang.courses.models import Citizen, Course

# Models related to citizen data only through a many-to-many relation, and why they are not part
# of a citizen's data (label_lower → reason, in English; the export shows it).
NOT_FOLLOWED: dict[str, Promise] = {
    "supervision.supervisionsession": _(
        "A method-supervision session is a record of the team; one session discusses several "
        "citizens, so its notes are not released per citizen."
    ),
}


@dataclass(frozen=True)
class Path:
    to_citizen: str  # lookup from the row to the citizen's id, e.g. "course__citizen"; "pk" for Citizen
    to_course: str | None  # lookup from the row to its course's id ("pk" for Course), None above courses


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    paths: tuple[Path, ...]
    depth: int  # 0 for Citizen, 1 for what points at a citizen, and so on

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, citizen_id: int) -> models.QuerySet[models.Model]:
        condition = Q()
        for path in self.paths:
            condition |= Q(**{path.to_citizen: citizen_id})
        queryset = self.model._default_manager.filter(condition)
        return queryset.distinct() if len(self.paths) > 1 or self.depth > 1 else queryset

    def course_lookups(self) -> list[str]:
        return [path.to_course for path in self.paths if path.to_course is not None]


def _reverse_one_to_many(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Foreign keys and one-to-one fields of other models that point at this one (hidden ones too)."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if isinstance(field, models.ForeignObjectRel)
        and not field.concrete
        and (field.one_to_many or field.one_to_one)
    ]


def _join(field_name: str, rest: str) -> str:
    return field_name if rest == "pk" else f"{field_name}__{rest}"


@functools.cache
def citizen_data_models() -> tuple[Holding, ...]:
    """Citizen first, then every model reached through foreign keys pointing at what was reached."""
    paths: dict[type[models.Model], list[Path]] = {Citizen: [Path("pk", None)]}
    depth: dict[type[models.Model], int] = {Citizen: 0}
    queue: deque[type[models.Model]] = deque([Citizen])
    while queue:
        parent = queue.popleft()
        for relation in _reverse_one_to_many(parent):
            child = relation.related_model
            assert isinstance(child, type)
            # A self-reference (a restart, a plan carried from the last one) leads to rows already
            # reached; a many-to-many table is exported as the ids in its owner's field.
            if child is parent or child is Citizen or child._meta.auto_created:
                continue
            name = relation.field.name
            for parent_path in paths[parent]:
                to_course = (
                    name
                    if parent is Course
                    else (_join(name, parent_path.to_course) if parent_path.to_course else None)
                )
                if child is Course:
                    to_course = "pk"
                path = Path(_join(name, parent_path.to_citizen), to_course)
                known = paths.setdefault(child, [])
                if path not in known:
                    known.append(path)
            if child not in depth:
                depth[child] = depth[parent] + 1
                queue.append(child)
    return tuple(
        Holding(model, tuple(paths[model]), depth[model])
        for model in sorted(depth, key=lambda m: (depth[m], m._meta.label_lower))
    )


def linked_but_not_followed() -> set[str]:
    """Models related to citizen data by many-to-many relations only (see NOT_FOLLOWED)."""
    reached = {holding.model for holding in citizen_data_models()}
    linked: set[str] = set()
    for model in apps.get_models():
        if model in reached:
            continue
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model in reached:
                linked.add(model._meta.label_lower)
    return linked
