from django.urls import path

from . import views

app_name = "visits"

urlpatterns = [
    path("visits/mine/", views.my_visits, name="my_visits"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/calendar/", views.visit_calendar, name="calendar"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/correct/", views.visit_correct, name="visit_correct"),
    path("cadres/<int:cadre_pk>/visits/", views.cadre_visits, name="cadre_visits"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/generate/", views.campaign_regenerate, name="campaign_generate"),
    path("campaigns/<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
]
