from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("visits/mine/", views.my_visits, name="my_visits"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/calendar/", views.visit_calendar, name="calendar"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/correct/", views.visit_correct, name="visit_correct"),
    path("cadres/<int:cadre_pk>/visits/", views.cadre_visits, name="cadre_visits"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/generate/", views.campaign_regenerate, name="campaign_generate"),
    path("campaigns/<int:pk>/cancel/", views.campaign_cancel, name="campaign_cancel"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
]

# Subsidies, service plans and service requests.
from . import views_plans, views_subsidies  # noqa: E402

urlpatterns += [
    path("subsidies/", views_subsidies.entitlement_list, name="entitlement_list"),
    path("subsidies/new/", views_subsidies.entitlement_create, name="entitlement_create"),
    path("subsidies/<int:pk>/", views_subsidies.entitlement_detail, name="entitlement_detail"),
    path(
        "subsidies/<int:pk>/amount/",
        views_subsidies.entitlement_change_amount,
        name="entitlement_change_amount",
    ),
    path("subsidies/<int:pk>/end/", views_subsidies.entitlement_end, name="entitlement_end"),
    path("subsidies/<int:pk>/account/", views_subsidies.bank_account_set, name="bank_account_set"),
    path("batches/", views_subsidies.batch_list, name="batch_list"),
    path("batches/new/", views_subsidies.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views_subsidies.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/export/", views_subsidies.batch_export, name="batch_export"),
    path("batches/<int:pk>/<slug:action>/", views_subsidies.batch_action, name="batch_action"),
    path("payments/<int:pk>/fail/", views_subsidies.payment_fail, name="payment_fail"),
    path("plans/", views_plans.plan_list, name="plan_list"),
    path("plans/new/", views_plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/review/", views_plans.plan_review, name="plan_review"),
    path("requests/", views_plans.request_list, name="request_list"),
    path("requests/new/", views_plans.request_create, name="request_create"),
    path("requests/report/", views_plans.request_report, name="request_report"),
    path("requests/<int:pk>/", views_plans.request_detail, name="request_detail"),
    path("requests/<int:pk>/assign/", views_plans.request_assign, name="request_assign"),
    path("requests/<int:pk>/close/", views_plans.request_close, name="request_close"),
]
