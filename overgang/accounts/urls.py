from django.urls import path

from overgang.accounts import views, webauthn

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    # Under verify/: the two-factor middleware lets a session that has not passed it reach these.
    path("verify/key/begin/", webauthn.KeyVerifyBegin.as_view(), name="key_verify_begin"),
    path("verify/key/complete/", webauthn.KeyVerifyComplete.as_view(), name="key_verify_complete"),
    path("two-factor/", views.enrol, name="enrol"),
    path("security/", views.security, name="security"),
    path("security/keys/add/", views.key_add, name="key_add"),
    path("security/keys/add/begin/", webauthn.KeyRegisterBegin.as_view(), name="key_register_begin"),
    path("security/keys/add/complete/", webauthn.KeyRegisterComplete.as_view(), name="key_register_complete"),
    path("security/keys/<int:pk>/remove/", views.key_remove, name="key_remove"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
