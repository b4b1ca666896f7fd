from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from overgang.accounts.models import Municipality, Team, User
from overgang.accounts.services import user_deactivate


def _own_municipality_id(request: HttpRequest) -> int | None:
    return getattr(request.user, "municipality_id", None)


def _scoped_choices(model: Any, request: HttpRequest) -> QuerySet[Any] | None:
    municipality_id = _own_municipality_id(request)
    if municipality_id is None:
        return None
    if model is Municipality:
        return Municipality.objects.filter(pk=municipality_id)
    if model is User:
        return User.objects.filter(municipality_id=municipality_id)
    return None


class MunicipalityScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The admin kept inside the administrator's municipality (overgang/tenancy.py).

    Citizen data and programmes are scoped by their managers: an administrator of a municipality
    sees only its rows, an account without a municipality (the operator's superuser) sees none.
    Municipalities and users have no scoped manager (logging in must find a user before any
    municipality is known), so lists and choices of them are scoped here: an administrator of a
    municipality sees and chooses only their own municipality and its users; the operator sees
    every municipality and user, to set them up, and no citizen data.
    """

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if _own_municipality_id(request) is None:
            return filters
        return [f for f in filters if f != "municipality"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        queryset = _scoped_choices(db_field.related_model, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        queryset = _scoped_choices(db_field.related_model, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        municipalities = super().get_queryset(request)
        municipality_id = _own_municipality_id(request)
        if municipality_id is not None:
            return municipalities.filter(pk=municipality_id)
        return municipalities

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Municipalities are set up by the operator, not by one municipality's administrator.
        return _own_municipality_id(request) is None and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _own_municipality_id(request) is None and super().has_delete_permission(request, obj)


@admin.register(Team)
class TeamAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, BaseUserAdmin):  # type: ignore[misc]
    list_display = ["username", "first_name", "last_name", "role", "fte", "municipality", "team", "is_active"]
    list_filter = ["role", "municipality", "team", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Overgang"), {"fields": ("municipality", "team", "role", "fte")}),
    )
    actions = ["deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        municipality_id = _own_municipality_id(request)
        if municipality_id is not None:
            return users.filter(municipality_id=municipality_id)
        return users

    @admin.action(description=_("Deactivate the selected users and end their sessions"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset)
        for user in users:
            user_deactivate(user=user, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d user deactivated; their sessions have ended.",
                "%(count)d users deactivated; their sessions have ended.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "active" on the form ends the user's sessions, as the action does (the user
            # is saved inactive already; the service ends the sessions and audits).
            user_deactivate(user=obj, actor=request.user)
