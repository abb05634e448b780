from django.urls import path

from .views import portal, reports

app_name = "branches"

urlpatterns = [
    path("", portal.portal, name="portal"),
    path("<int:pk>/", portal.branch_detail, name="branch_detail"),
    path("<int:pk>/activities/new/", portal.activity_create, name="activity_create"),
    path("<int:pk>/birthdays/", portal.birthdays, name="birthdays"),
    path("<int:pk>/dues/", portal.dues, name="dues"),
    path("activities/<int:pk>/", portal.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", portal.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/withdraw/", portal.activity_withdraw, name="activity_withdraw"),
    path("attachments/<int:pk>/", portal.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", portal.attachment_delete, name="attachment_delete"),
    path("rectifications/", portal.rectification_list, name="rectification_list"),
    path("rectifications/<int:pk>/", portal.rectification_detail, name="rectification_detail"),
    path(
        "rectifications/<int:pk>/evidence/",
        portal.rectification_evidence,
        name="rectification_evidence",
    ),
    path("medal/", portal.medal, name="medal"),
    path("reports/", reports.index, name="reports"),
    path("reports/compliance/", reports.compliance, name="report_compliance"),
    path("reports/unorganised/", reports.unorganised, name="report_unorganised"),
    path("reports/inactive/", reports.inactive, name="report_inactive"),
    path("reports/attendance/", reports.attendance, name="report_attendance"),
    path("reports/ranking/", reports.ranking, name="report_ranking"),
]
