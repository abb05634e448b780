from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/confirm/", views.activity_confirm, name="activity_confirm"),
    path("records/<int:pk>/reject/", views.record_reject, name="record_reject"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("people/", views.volunteer_list, name="volunteer_list"),
    path("people/new/", views.volunteer_register, name="volunteer_register"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("people/<int:pk>/redeem/", views.volunteer_redeem, name="volunteer_redeem"),
    path("people/<int:pk>/certificate/", views.volunteer_certificate, name="certificate"),
    path("reports/", views.report, name="report"),
    path("reports/export.xlsx", views.report_export, name="report_export"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
]
