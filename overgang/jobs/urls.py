from django.urls import path

from overgang.jobs import views

app_name = "jobs"

urlpatterns = [
    path("courses/<int:pk>/job/", views.steps, name="steps"),
    path("courses/<int:pk>/job/start-meeting/", views.start_meeting, name="start_meeting"),
    path("courses/<int:pk>/job/joint-plan/", views.joint_plan, name="joint_plan"),
    path("courses/<int:pk>/job/job-match/", views.job_match, name="job_match"),
    path("courses/<int:pk>/job/work-agreement/", views.work_agreement, name="work_agreement"),
    path("courses/<int:pk>/job/hours/", views.hours_update, name="hours_update"),
    path("courses/<int:pk>/job/history/<str:step>/", views.step_history, name="history"),
]
