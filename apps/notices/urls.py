from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_create, name="create"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/send/", views.notice_send, name="send"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="withdraw"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.read, name="read"),
    path("mine/<int:pk>/reply/", views.reply, name="reply"),
]
