from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/invite/", views.event_invite, name="event_invite"),
    path("<int:pk>/desk/", views.checkin_desk, name="checkin_desk"),
    path("<int:pk>/cards/", views.invitation_cards, name="invitation_cards"),
    path("<int:pk>/close/", views.event_close, name="event_close"),
    path("<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/export.xlsx", views.event_export, name="event_export"),
    path("invitations/<int:pk>/respond/", views.invitation_respond, name="invitation_respond"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("me/", views.my_events, name="my_events"),
    path("me/<int:pk>/", views.my_invitation, name="my_invitation"),
]
