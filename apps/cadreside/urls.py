from django.urls import path

from . import views

app_name = "cadreside"

urlpatterns = [
    path("", views.home, name="home"),
    path("record/", views.record, name="record"),
    path("branch/", views.branch, name="branch"),
    path("volunteer/", views.volunteer, name="volunteer"),
    path("visits/", views.visits, name="visits"),
    path("subsidies/", views.subsidies, name="subsidies"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request_rate"),
    path("help/", views.help_page, name="help"),
    path("help/call/", views.help_call, name="help_call"),
    path("staff/calls/", views.calls, name="calls"),
    path("staff/calls/<int:pk>/convert/", views.call_convert, name="call_convert"),
    path("switch/", views.switch, name="switch"),
    path("card/<str:token>/", views.qr_signin, name="qr_signin"),
    path("signin/", views.code_signin, name="code_signin"),
    path("staff/cadres/<int:pk>/cards/", views.cards, name="cards"),
    path("staff/cadres/<int:pk>/cards/issue/", views.card_issue, name="card_issue"),
    path("staff/cards/<int:pk>/revoke/", views.card_revoke, name="card_revoke"),
]
