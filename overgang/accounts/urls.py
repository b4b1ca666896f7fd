from django.urls import path

from overgang.accounts import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("two-factor/", views.enrol, name="enrol"),
    path("security/", views.security, name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
