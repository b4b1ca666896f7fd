from django.urls import path

from overgang.courses import views

app_name = "courses"

urlpatterns = [
    path("courses/", views.overview, name="overview"),
    path("citizens/search/", views.search, name="search"),
    path("citizens/new/", views.citizen_new, name="citizen_new"),
    path("citizens/new/options/", views.fragment_referral_options, name="referral_options"),
    path("courses/<int:pk>/", views.course_detail, name="detail"),
    path("courses/<int:pk>/end/", views.course_end, name="end"),
    path("courses/<int:pk>/reassign/", views.course_reassign, name="reassign"),
    path("courses/<int:pk>/restart/", views.course_restart, name="restart"),
    path("courses/<int:pk>/job-consultants/", views.course_job_consultants, name="job_consultants"),
    path("courses/<int:pk>/<slug:action>/", views.course_action, name="action"),
]
