from django.urls import path

from . import views

app_name = "cadreside"

urlpatterns = [
    path("", views.home, name="home"),
    path("record/", views.record, name="record"),
    path("branch/", views.branch, name="branch"),
    path("volunteer/", views.volunteer, name="volunteer"),
    path("switch/", views.switch, name="switch"),
    path("card/<str:token>/", views.qr_signin, name="qr_signin"),
    path("signin/", views.code_signin, name="code_signin"),
    path("staff/cadres/<int:pk>/cards/", views.cards, name="cards"),
    path("staff/cadres/<int:pk>/cards/issue/", views.card_issue, name="card_issue"),
    path("staff/cards/<int:pk>/revoke/", views.card_revoke, name="card_revoke"),
]
