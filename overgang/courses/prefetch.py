"""Related rows for thousands of courses at once, without Django's per-instance prefetch cost.

`prefetch_related` asks every parent's related manager for a queryset, and the tenancy manager
builds its municipality filter each time: for thousands of courses that costs more than the query
(issue 9). `select_related` builds a new programme or worker per row, though a page has a handful.
These helpers read each relation in one query and share what can be shared; what they leave is
what Django's own prefetch leaves, so `course.pauses.all()` and `course.programme` read no more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models.query import QuerySet

Parent = TypeVar("Parent", bound=models.Model)


def attach_children(
    parents: Iterable[Parent],
    related_name: str,
    children: QuerySet[Any],
    *,
    within: QuerySet[Any] | None = None,
) -> list[Parent]:
    """The parents (a queryset or a list) with their reverse foreign-key `related_name` in place,
    read with `children` (filtered to the parents here): one query. `within`: the queryset the
    listed parents came from, to select the children by (instead of the parents' ids)."""
    parent_list = list(parents)
    if not parent_list:
        return parent_list
    model = type(parent_list[0])
    relation = model._meta.get_field(related_name)
    field = relation.field  # type: ignore[union-attr]
    # Thousands of ids are slow to send as parameters: a queryset's own query is the subquery.
    source = within if within is not None else parents
    wanted = source.values("pk") if isinstance(source, QuerySet) else [p.pk for p in parent_list]
    by_parent: dict[Any, list[Any]] = defaultdict(list)
    for child in children.filter(**{f"{field.attname}__in": wanted}):
        by_parent[getattr(child, field.attname)].append(child)
    # Building a query is the costly part of a queryset: the parents' querysets share one, never
    # run (a filter on one of them clones it first). Not copy.copy: pickling a queryset runs it.
    state = QuerySet(model=children.model).__dict__
    for parent in parent_list:
        own = by_parent.get(parent.pk, [])
        for child in own:
            field.set_cached_value(child, parent)
        cached: QuerySet[Any] = QuerySet.__new__(QuerySet)
        cached.__dict__.update(state, _result_cache=own, _prefetch_done=True)
        if not hasattr(parent, "_prefetched_objects_cache"):
            parent._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        parent._prefetched_objects_cache[related_name] = cached  # type: ignore[attr-defined]
    return parent_list


def attach_shared(
    instances: list[Parent], field_name: str, targets: QuerySet[Any], known: Iterable[Any] = ()
) -> list[Parent]:
    """Each instance's foreign key `field_name` set to one shared object per target: those `known`
    already, the others read with `targets` in one query."""
    if not instances:
        return instances
    field = type(instances[0])._meta.get_field(field_name)
    assert isinstance(field, models.ForeignKey), field_name
    shared = {target.pk: target for target in known}
    missing = {getattr(i, field.attname) for i in instances} - shared.keys() - {None}
    if missing:
        shared.update((target.pk, target) for target in targets.filter(pk__in=missing))
    for instance in instances:
        key = getattr(instance, field.attname)
        if key is not None:
            field.set_cached_value(instance, shared[key])
    return instances
