from django.urls import path

from . import views

app_name = "subsidies"

urlpatterns = [
    path("subsidies/", views.entitlement_list, name="entitlement_list"),
    path("subsidies/new/", views.entitlement_create, name="entitlement_create"),
    path("subsidies/<int:pk>/", views.entitlement_detail, name="entitlement_detail"),
    path(
        "subsidies/<int:pk>/amount/",
        views.entitlement_change_amount,
        name="entitlement_change_amount",
    ),
    path("subsidies/<int:pk>/end/", views.entitlement_end, name="entitlement_end"),
    path("subsidies/<int:pk>/account/", views.bank_account_set, name="bank_account_set"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/export/", views.batch_export, name="batch_export"),
    path("batches/<int:pk>/<slug:action>/", views.batch_action, name="batch_action"),
    path("payments/<int:pk>/fail/", views.payment_fail, name="payment_fail"),
]
