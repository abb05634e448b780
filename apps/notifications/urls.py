from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.reminder_open, name="open"),
    path("<int:pk>/read/", views.reminder_read, name="read"),
    path("read-all/", views.reminders_read_all, name="read_all"),
    path("<int:pk>/deliveries/", views.reminder_deliveries, name="deliveries"),
    path("preferences/", views.preferences, name="preferences"),
    path("report/", views.delivery_failures, name="report"),
    path("test-notice/", views.test_notice, name="test_notice"),
]
