from django.urls import path

from overgang.fidelity import views

app_name = "fidelity"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_new, name="new"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/report.pdf", views.review_pdf, name="pdf"),
]
