from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("", views.checklist_list, name="list"),
    path("<int:pk>/", views.checklist_detail, name="detail"),
    path("steps/<int:pk>/done/", views.step_done, name="step_done"),
]
