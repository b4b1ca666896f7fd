from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from overgang.accounts.models import Municipality, Team, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "fte", "municipality", "team"]
    list_filter = ["role", "municipality", "team"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Overgang"), {"fields": ("municipality", "team", "role", "fte")}),
    )
