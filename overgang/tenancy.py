"""Municipalities kept apart at the query level: the tenant scope.

One deployment may serve several municipalities. Every model that holds a municipality's data
declares `objects = TenantManager(path)`, where `path` leads from the row to its municipality's id
(`"municipality_id"`, or `"course__municipality_id"` for a row owned by a course). The manager reads
the current scope when a queryset is made:

- a municipality id: only that municipality's rows (the web request of a user of that municipality);
- `None`: no rows at all (a request by an anonymous user or by an account without a municipality,
  such as a platform operator's superuser: they see no citizen data, in the app or in /admin/);
- unscoped: every row. This is the state outside a request: management commands (digest,
  reminders), migrations, `load_demo`, the shell and tests. They are system jobs that work across
  municipalities on purpose; a request that must look across (the calendar feed finding its token)
  says so with `with tenancy.unscoped():`.

`TenantMiddleware` sets the scope from `request.user` for every request and restores it after the
response, so request code cannot forget the tenant: a query that leaves out the municipality still
sees only the user's own. The API sets it again once DRF has authenticated a token
(overgang/api/permissions.py); the calendar feed sets it from the feed's owner.

Django uses the plain base manager for a forward foreign key (`entry.course`), for
`refresh_from_db()`, saving and deleting, so those are never filtered; reverse relations
(`course.pauses`) and `prefetch_related` go through `objects` and are filtered like any query.
The managers are not used in migrations, which see plain managers. Querysets are scoped when they
are made: never build one at import time (a form field's `queryset=` belongs in `__init__`).
A thread started by request code starts unscoped, like any new context.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse


class _Unscoped(enum.Enum):
    UNSCOPED = "unscoped"


UNSCOPED = _Unscoped.UNSCOPED
Scope = int | None | _Unscoped

_current: ContextVar[Scope] = ContextVar("overgang_tenant", default=UNSCOPED)


def current() -> Scope:
    """The municipality id queries are scoped to, `None` for none at all, or UNSCOPED."""
    return _current.get()


def municipality_of(user: Any) -> int | None:
    """The scope a user's requests get: their municipality, or nothing (anonymous, no municipality)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    municipality_id = getattr(user, "municipality_id", None)
    return int(municipality_id) if municipality_id is not None else None


@contextmanager
def scope(municipality_id: int | None) -> Iterator[None]:
    """Scope every query inside to one municipality (`None`: to nothing)."""
    token = _current.set(municipality_id)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Every municipality's rows: say so explicitly where request code must look across."""
    token = _current.set(UNSCOPED)
    try:
        yield
    finally:
        _current.reset(token)


def activate(municipality_id: int | None) -> None:
    """Set the scope for the rest of the current request. Only for code inside TenantMiddleware,
    which restores the previous scope when the response is done (the API after authenticating)."""
    _current.set(municipality_id)


ModelT = TypeVar("ModelT", bound=models.Model)


class TenantManager(models.Manager[ModelT], Generic[ModelT]):
    """The default manager of a municipality's data: filters by the current scope.

    `path` is the lookup from the row to its municipality id. A path through a parent
    (`"course__municipality_id"`) filters by a subquery on the parent, so `select_for_update()`
    locks only the row itself. `shared_when_null` names a nullable relation whose empty value
    marks rows every municipality shares (the manuals' checklists: `programme` is null).
    """

    def __init__(self, path: str = "", *, shared_when_null: str | None = None) -> None:
        # Django builds the reverse-relation managers (`course.pauses`) by subclassing this class
        # and calling it without arguments: those read the path from the model's own manager.
        super().__init__()
        self.path = path
        self.shared_when_null = shared_when_null

    def scope_filter(self, municipality_id: int) -> Q:
        own = self if self.path else self.model._default_manager
        assert isinstance(own, TenantManager) and own.path
        path, shared = own.path, own.shared_when_null
        first, _, rest = path.partition("__")
        if not rest:
            condition = Q(**{path: municipality_id})
            if shared:
                condition |= Q(**{f"{shared}__isnull": True})
            return condition
        parent = self.model._meta.get_field(first).related_model
        assert parent is not None and not isinstance(parent, str)
        inner = Q(**{rest: municipality_id})
        shared_inner = shared and shared.partition("__")[2]
        if shared_inner:
            inner |= Q(**{f"{shared_inner}__isnull": True})
        condition = Q(**{f"{first}__in": parent._base_manager.filter(inner).values("pk")})
        if shared == first:
            condition |= Q(**{f"{first}__isnull": True})
        return condition

    def get_queryset(self) -> models.QuerySet[ModelT]:
        queryset = super().get_queryset()
        municipality_id = _current.get()
        if municipality_id is UNSCOPED:
            return queryset
        if municipality_id is None:
            return queryset.none()
        return queryset.filter(self.scope_filter(municipality_id))


def is_scoped(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, TenantManager)


class TenantMiddleware:
    """Scope every query of the request to the user's municipality (anonymous: to nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with scope(municipality_of(getattr(request, "user", None))):
            return self.get_response(request)
