from django.db import migrations

# The bureau's usual service fields (服务领域); more are added as rows in the admin.
FIELDS = [
    "政策宣讲",
    "基层治理",
    "乡村振兴",
    "关心下一代",
    "文明创建",
    "环境保护",
    "科技文化卫生",
    "助老扶弱",
    "法律服务",
    "服务企业",
]


def seed(apps, schema_editor):
    ServiceField = apps.get_model("volunteers", "ServiceField")
    for order, name in enumerate(FIELDS, start=1):
        ServiceField.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


def unseed(apps, schema_editor):
    ServiceField = apps.get_model("volunteers", "ServiceField")
    ServiceField.objects.filter(name__in=FIELDS, teams__isnull=True, activities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_teams_activities_timebank")]

    operations = [migrations.RunPython(seed, unseed)]
