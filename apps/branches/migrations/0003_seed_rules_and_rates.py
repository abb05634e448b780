from decimal import Decimal

from django.db import migrations

# 三会一课 defaults (中国共产党支部工作条例): 党员大会 each quarter, 支委会 each month,
# 党小组会 each month, 党课 each quarter. Editable afterwards in the admin.
RULES = [
    ("general_meeting", "quarter", 1),
    ("committee", "month", 1),
    ("group_meeting", "month", 1),
    ("lecture", "quarter", 1),
]
# Retirees: 0.5% of the monthly pension up to 5,000 yuan, 1% above.
RATES = [(Decimal("0.00"), Decimal("0.0050")), (Decimal("5000.00"), Decimal("0.0100"))]


def seed(apps, schema_editor):
    ComplianceRule = apps.get_model("branches", "ComplianceRule")
    DuesRate = apps.get_model("branches", "DuesRate")
    for kind, period, count in RULES:
        ComplianceRule.objects.get_or_create(
            kind=kind, defaults={"period": period, "min_count": count}
        )
    for above, rate in RATES:
        DuesRate.objects.get_or_create(above=above, defaults={"rate": rate})


class Migration(migrations.Migration):
    dependencies = [("branches", "0002_activities_governance_dues")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
