from django.contrib import admin

from overgang.programmes.models import Programme, ProgrammeTemplate


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "duration_months", "caseload_rule", "caseload_max"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "template", "duration_months", "caseload_max", "is_active"]
    list_filter = ["municipality", "template", "is_active"]
    filter_horizontal = ["coordinators", "workers"]
