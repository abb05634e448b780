"""Starting data the bureau edits in the admin: subsidy types and age bands, the needs menu of
service plans, request urgencies and their response deadlines."""

from decimal import Decimal

from django.db import migrations

TYPES = [
    # code, name, rule, retirement kind, standard amount, notes
    (
        "nursing",
        "护理费",
        "manual",
        "lixiu",
        Decimal("600.00"),
        "离休干部护理费，按审批标准按月发放。",
    ),
    ("longevity", "高龄补贴", "age", "", None, "满80周岁次月起按年龄段标准发放。"),
    ("hardship", "困难帮扶", "manual", "", Decimal("300.00"), "困难老干部帮扶金，个案审批。"),
    (
        "condolence",
        "慰问金",
        "manual",
        "",
        Decimal("500.00"),
        "节日及特殊情况慰问，按审批期间发放。",
    ),
]
BANDS = [(80, 89, Decimal("100.00")), (90, 99, Decimal("300.00")), (100, None, Decimal("500.00"))]
NEEDS = [
    "心理疏导",
    "文体活动",
    "医疗保健",
    "生活照料",
    "法律援助",
    "学习教育",
    "家政服务",
    "精神慰藉",
]
URGENCIES = [("特急", 24), ("紧急", 72), ("一般", 168)]


def seed(apps, schema_editor):
    SubsidyType = apps.get_model("services", "SubsidyType")
    SubsidyAgeBand = apps.get_model("services", "SubsidyAgeBand")
    ServiceNeed = apps.get_model("services", "ServiceNeed")
    RequestUrgency = apps.get_model("services", "RequestUrgency")
    for order, (code, name, rule, kind, amount, notes) in enumerate(TYPES):
        subsidy_type, _ = SubsidyType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "rule": rule,
                "retirement_kind": kind,
                "standard_amount": amount,
                "notes": notes,
                "sort_order": order,
            },
        )
        if rule == "age":
            for low, high, band_amount in BANDS:
                SubsidyAgeBand.objects.get_or_create(
                    subsidy_type=subsidy_type,
                    min_age=low,
                    defaults={"max_age": high, "monthly_amount": band_amount},
                )
    for order, name in enumerate(NEEDS):
        ServiceNeed.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, hours) in enumerate(URGENCIES):
        RequestUrgency.objects.get_or_create(
            name=name, defaults={"response_hours": hours, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0004_subsidies_plans_requests")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
