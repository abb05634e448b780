from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("", views.cadre_list, name="list"),
    path("export.xlsx", views.cadre_export, name="export"),
    path("new/", views.cadre_create, name="create"),
    path("<int:pk>/", views.cadre_detail, name="detail"),
    path("<int:pk>/edit/", views.cadre_edit, name="edit"),
    path("<int:pk>/hospitalizations/new/", views.hospitalization_add, name="hospitalization_add"),
    path("<int:pk>/life-events/new/", views.life_event_add, name="life_event_add"),
    path("<int:pk>/family/new/", views.family_contact_add, name="family_contact_add"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
    path("import/job/<str:job_id>/", views.import_job, name="import_job"),
    path("import/job/<str:job_id>/progress/", views.import_progress, name="import_progress"),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
