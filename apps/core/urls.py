from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("portal/", views.home, name="home"),
    # Pages without our base template (the admin) still make browsers ask for /favicon.ico.
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
]
