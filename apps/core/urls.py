from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("portal/", views.home, name="home"),
]
