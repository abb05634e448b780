from django.urls import path

from . import views

app_name = "venues"

urlpatterns = [
    path("", views.venue_list, name="venue_list"),
    path("<int:pk>/", views.venue_detail, name="venue_detail"),
    path("<int:pk>/visitors/", views.visitors_record, name="visitors_record"),
    path("rooms/<int:pk>/book/", views.booking_create, name="booking_create"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("report/", views.report, name="report"),
    path("associations/", views.association_list, name="association_list"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
]
