from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from overgang.api import views

app_name = "api"

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # The split view serves its init script from ?script, so the page needs no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("courses/", views.course_list, name="course-list"),
    path("referrals/", views.referral_create, name="referral-create"),
    path("courses/<int:pk>/", views.course_detail, name="course-detail"),
    path("courses/<int:pk>/contact-period/", views.course_contact_period, name="course-contact-period"),
    path("courses/<int:pk>/phases/", views.course_phase, name="course-phase"),
    path("courses/<int:pk>/pauses/", views.course_pause, name="course-pause"),
    path("courses/<int:pk>/resume/", views.course_resume, name="course-resume"),
    path("courses/<int:pk>/end/", views.course_end, name="course-end"),
    path("courses/<int:pk>/restart/", views.course_restart, name="course-restart"),
    path("courses/<int:pk>/reassign/", views.course_reassign, name="course-reassign"),
    path("workers/<int:pk>/courses/", views.worker_courses, name="worker-courses"),
    path("workers/<int:pk>/caseload/", views.worker_caseload_view, name="worker-caseload"),
]
