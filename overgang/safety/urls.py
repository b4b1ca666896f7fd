from django.urls import path

from overgang.safety import views

app_name = "safety"

urlpatterns = [
    path("courses/<int:pk>/safety-plan/", views.plan, name="plan"),
    path("courses/<int:pk>/safety-plan/save/", views.plan_save, name="plan_save"),
    path("courses/<int:pk>/safety-plan/history/", views.history, name="history"),
    path("courses/<int:pk>/confidential-address/", views.confidential_address, name="confidential_address"),
]
