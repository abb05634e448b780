from django.urls import path

from . import views

app_name = "university"

urlpatterns = [
    # The public site (no personal data).
    path("", views.public_classes, name="public_classes"),
    path("draws/<int:pk>/", views.public_draw, name="public_draw"),
    # The cadre side (本人 / 家属代办).
    path("me/", views.my, name="my"),
    path("me/classes/", views.my_classes, name="my_classes"),
    path("me/classes/<int:pk>/apply/", views.my_apply, name="my_apply"),
    path("me/applications/<int:pk>/withdraw/", views.my_withdraw, name="my_withdraw"),
    path("me/checkin/<str:token>/", views.my_checkin, name="my_checkin"),
    path("me/certificates/<int:pk>/", views.my_certificate, name="my_certificate"),
    path("me/draws/<int:pk>/", views.my_draw, name="my_draw"),
    # Staff.
    path("staff/", views.term_list, name="term_list"),
    path("staff/terms/<int:pk>/", views.term_detail, name="term_detail"),
    path("staff/terms/<int:pk>/allocate/", views.term_allocate, name="term_allocate"),
    path("staff/terms/<int:pk>/sessions/", views.term_sessions, name="term_sessions"),
    path("staff/terms/<int:pk>/certificates/", views.term_certificates, name="term_certificates"),
    path("staff/classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("staff/classes/<int:pk>/door/", views.class_door, name="class_door"),
    path("staff/classes/<int:pk>/apply/", views.counter_apply, name="counter_apply"),
    path(
        "staff/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("staff/sessions/<int:pk>/", views.session_roll, name="session_roll"),
    path("staff/students/", views.students, name="students"),
    path("staff/certificates/<int:pk>/", views.certificate, name="certificate"),
]
