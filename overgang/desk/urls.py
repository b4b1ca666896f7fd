from django.urls import path

from overgang.desk import export_views, programme_views, views

app_name = "desk"

urlpatterns = [
    path("phase-plan/", views.phase_plan, name="phase_plan"),
    path("phase-plan.xlsx", export_views.phase_plan_xlsx_view, name="phase_plan_xlsx"),
    path("phase-plan.pdf", export_views.phase_plan_pdf_view, name="phase_plan_pdf"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("caseload/", views.board, name="board"),
    path("digest/", views.digest_preview, name="digest_preview"),
    path("caseload/<int:worker_pk>/move/", views.move_caseload, name="move_caseload"),
    path("programmes/<int:pk>/contact-norms/", programme_views.contact_norms, name="contact_norms"),
]
