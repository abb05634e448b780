from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("screen/", views.screen, name="screen"),
    path("export/<slug:key>.xlsx", views.section_export, name="export"),
    path("visits/", views.visit_drill, name="visits"),
    path("cadre/<int:pk>/", views.cadre_card, name="cadre_card"),
    path("annual/", views.annual_return, name="annual"),
    path("annual/export.xlsx", views.annual_export, name="annual_export"),
]
