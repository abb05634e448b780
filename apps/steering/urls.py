from django.urls import path

from . import views

app_name = "steering"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/", views.assignment_list, name="assignment_list"),
    path("lists/<int:pk>/", views.task_list_detail, name="task_list_detail"),
    path("tasks/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("tasks/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("tasks/<int:pk>/review/", views.assignment_review, name="assignment_review"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("assessments/", views.round_list, name="round_list"),
    path("assessments/<int:pk>/", views.round_detail, name="round_detail"),
    path("assessments/<int:pk>/export/", views.round_export, name="round_export"),
    path("assessments/<int:pk>/compute/", views.round_compute, name="round_compute"),
    path("entries/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/<slug:step>/", views.entry_step, name="entry_step"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
]
