from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("font/", views.font_switch, name="font_switch"),
    path("users/", views.user_list, name="user_list"),
    path(
        "users/<int:pk>/temporary-password/",
        views.temporary_password,
        name="temporary_password",
    ),
    path(
        "forgot/",
        TemplateView.as_view(template_name="accounts/forgot_password.html"),
        name="forgot_password",
    ),
]
