from decimal import Decimal

from django.db import migrations

# Starting points per adoption; bureaus change them in the admin (媒体级别分值).
LEVELS = [
    ("central", Decimal("10.0"), 1),
    ("provincial", Decimal("5.0"), 2),
    ("city", Decimal("2.0"), 3),
    ("county", Decimal("1.0"), 4),
]


def seed(apps, schema_editor):
    MediaLevel = apps.get_model("publicity", "MediaLevel")
    for code, points, order in LEVELS:
        MediaLevel.objects.get_or_create(code=code, defaults={"points": points, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
