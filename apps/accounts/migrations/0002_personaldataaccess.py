import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonalDataAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "accessed_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("view_detail", "查看详情"),
                            ("view_card", "查看一员一卡"),
                            ("export", "导出"),
                            ("import", "导入"),
                        ],
                        max_length=20,
                        verbose_name="操作",
                    ),
                ),
                (
                    "what",
                    models.CharField(
                        help_text="页面或导出的名称", max_length=100, verbose_name="内容"
                    ),
                ),
                (
                    "cadre_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="涉及干部",
                    ),
                ),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="涉及人数")),
                (
                    "filters",
                    models.JSONField(blank=True, default=dict, verbose_name="筛选条件"),
                ),
                ("path", models.CharField(blank=True, max_length=300, verbose_name="地址")),
                (
                    "ip",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP 地址"),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.orgunit",
                        verbose_name="访问人单位",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="访问人",
                    ),
                ),
            ],
            options={
                "verbose_name": "个人信息访问记录",
                "verbose_name_plural": "个人信息访问记录",
                "ordering": ["-accessed_at", "-pk"],
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["cadre_ids"], name="personal_access_cadres_gin"
                    )
                ],
            },
        ),
    ]
