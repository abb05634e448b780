from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.reminder_open, name="open"),
    path("<int:pk>/read/", views.reminder_read, name="read"),
    path("read-all/", views.reminders_read_all, name="read_all"),
]
