"""The visit, subsidy and casework models move to apps.visits, apps.subsidies and apps.casework.

State only: the tables keep their services_* names and their rows, no SQL runs. The content types
of the moved models are relabelled (app_label services -> the new app) so generic links
(Reminder.target), permissions and admin log entries keep pointing at the same rows."""

from django.db import migrations

MOVED = {
    "visits": ["visitrule", "visit", "historicalvisit", "campaign", "historicalcampaign"],
    "subsidies": [
        "subsidytype",
        "subsidyageband",
        "entitlement",
        "historicalentitlement",
        "entitlementamount",
        "cadrebankaccount",
        "historicalcadrebankaccount",
        "paymentbatch",
        "historicalpaymentbatch",
        "payment",
    ],
    "casework": ["serviceneed", "serviceplan", "requesturgency", "servicerequest"],
}


def relabel_content_types(apps, schema_editor, *, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label, names in MOVED.items():
        old, new = ("services", label) if forward else (label, "services")
        for name in names:
            if ContentType.objects.filter(app_label=new, model=name).exists():
                continue  # already there (created by a post_migrate): keep it, never duplicate
            ContentType.objects.filter(app_label=old, model=name).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_records_kept"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name="campaign",
            name="cancelled_by",
        ),
        migrations.RemoveField(
            model_name="campaign",
            name="created_by",
        ),
        migrations.RemoveField(
            model_name="campaign",
            name="unit",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="campaign",
        ),
        migrations.RemoveField(
            model_name="visit",
            name="campaign",
        ),
        migrations.RemoveField(
            model_name="entitlement",
            name="approved_by",
        ),
        migrations.RemoveField(
            model_name="entitlement",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="entitlement",
            name="subsidy_type",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="entitlement",
        ),
        migrations.RemoveField(
            model_name="entitlementamount",
            name="entitlement",
        ),
        migrations.RemoveField(
            model_name="entitlementamount",
            name="changed_by",
        ),
        migrations.RemoveField(
            model_name="historicalcadrebankaccount",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="historicalcadrebankaccount",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalcampaign",
            name="cancelled_by",
        ),
        migrations.RemoveField(
            model_name="historicalcampaign",
            name="created_by",
        ),
        migrations.RemoveField(
            model_name="historicalcampaign",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalcampaign",
            name="unit",
        ),
        migrations.RemoveField(
            model_name="historicalentitlement",
            name="approved_by",
        ),
        migrations.RemoveField(
            model_name="historicalentitlement",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="historicalentitlement",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalentitlement",
            name="subsidy_type",
        ),
        migrations.RemoveField(
            model_name="historicalpaymentbatch",
            name="approved_by",
        ),
        migrations.RemoveField(
            model_name="historicalpaymentbatch",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalpaymentbatch",
            name="paid_by",
        ),
        migrations.RemoveField(
            model_name="historicalpaymentbatch",
            name="submitted_by",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="assignee",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="recorded_by",
        ),
        migrations.RemoveField(
            model_name="historicalvisit",
            name="rule",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="batch",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="carried_from",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="subsidy_type",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="unit",
        ),
        migrations.RemoveField(
            model_name="paymentbatch",
            name="approved_by",
        ),
        migrations.RemoveField(
            model_name="paymentbatch",
            name="paid_by",
        ),
        migrations.RemoveField(
            model_name="paymentbatch",
            name="submitted_by",
        ),
        migrations.RemoveField(
            model_name="servicerequest",
            name="urgency",
        ),
        migrations.RemoveField(
            model_name="serviceplan",
            name="needs",
        ),
        migrations.RemoveField(
            model_name="serviceplan",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="serviceplan",
            name="created_by",
        ),
        migrations.RemoveField(
            model_name="serviceplan",
            name="responsible",
        ),
        migrations.RemoveField(
            model_name="serviceplan",
            name="unit",
        ),
        migrations.RemoveField(
            model_name="servicerequest",
            name="assignee",
        ),
        migrations.RemoveField(
            model_name="servicerequest",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="servicerequest",
            name="recorded_by",
        ),
        migrations.RemoveField(
            model_name="subsidyageband",
            name="subsidy_type",
        ),
        migrations.RemoveField(
            model_name="visit",
            name="assignee",
        ),
        migrations.RemoveField(
            model_name="visit",
            name="cadre",
        ),
        migrations.RemoveField(
            model_name="visit",
            name="recorded_by",
        ),
        migrations.RemoveField(
            model_name="visit",
            name="rule",
        ),
        migrations.DeleteModel(
            name="CadreBankAccount",
        ),
        migrations.DeleteModel(
            name="Campaign",
        ),
        migrations.DeleteModel(
            name="Entitlement",
        ),
        migrations.DeleteModel(
            name="EntitlementAmount",
        ),
        migrations.DeleteModel(
            name="HistoricalCadreBankAccount",
        ),
        migrations.DeleteModel(
            name="HistoricalCampaign",
        ),
        migrations.DeleteModel(
            name="HistoricalEntitlement",
        ),
        migrations.DeleteModel(
            name="HistoricalPaymentBatch",
        ),
        migrations.DeleteModel(
            name="HistoricalVisit",
        ),
        migrations.DeleteModel(
            name="Payment",
        ),
        migrations.DeleteModel(
            name="PaymentBatch",
        ),
        migrations.DeleteModel(
            name="RequestUrgency",
        ),
        migrations.DeleteModel(
            name="ServiceNeed",
        ),
        migrations.DeleteModel(
            name="ServicePlan",
        ),
        migrations.DeleteModel(
            name="ServiceRequest",
        ),
        migrations.DeleteModel(
            name="SubsidyAgeBand",
        ),
        migrations.DeleteModel(
            name="SubsidyType",
        ),
        migrations.DeleteModel(
            name="Visit",
        ),
        migrations.DeleteModel(
            name="VisitRule",
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations,
            database_operations=[migrations.RunPython(relabel_content_types, relabel_back)],
        )
    ]
