from django.urls import path

from overgang.checklists import views

app_name = "checklists"

urlpatterns = [
    path("courses/<int:pk>/checklist/", views.checklist_page, name="checklist"),
    path("courses/<int:pk>/checklist/items/<int:item_pk>/", views.answer, name="answer"),
    path("checklists/items/", views.item_figures, name="item_figures"),
]
