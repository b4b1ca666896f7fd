"""Administrators give a programme an edited copy of a checklist here: open the checklist, choose
the programme, add or remove items, and "Save as new". The copy is used for that programme from
then on; answers given to the shared list keep pointing at its items, which cannot be deleted
while answered (the foreign keys protect them)."""

from django.contrib import admin

from overgang.accounts.admin import MunicipalityScopedAdmin
from overgang.checklists.models import Checklist, ChecklistItem


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1
    fields = ["position", "code", "group", "heading", "transition", "text", "evidence"]


@admin.register(Checklist)
class ChecklistAdmin(MunicipalityScopedAdmin):
    list_display = ["code", "version", "programme", "kind", "period", "scale"]
    list_filter = ["kind", "programme"]
    search_fields = ["code", "source"]
    save_as = True
    inlines = [ChecklistItemInline]
