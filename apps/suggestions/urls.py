from django.urls import path

from . import views

app_name = "suggestions"

urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("report/", views.suggestion_report, name="report"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/assign/", views.suggestion_assign, name="assign"),
    path("<int:pk>/decline/", views.suggestion_decline, name="decline"),
    path("<int:pk>/answer/", views.suggestion_answer, name="answer"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.submit, name="submit"),
    path("mine/<int:pk>/", views.mine_detail, name="mine_detail"),
]
