import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_role_cadre_family"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="large_font",
            field=models.BooleanField(blank=True, default=None, null=True, verbose_name="大字模式"),
        ),
        migrations.AddField(
            model_name="user",
            name="must_change_password",
            field=models.BooleanField(default=False, verbose_name="下次登录须修改密码"),
        ),
        migrations.CreateModel(
            name="TemporaryPassword",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "issued_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间"),
                ),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP 地址")),
                (
                    "issued_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="经办人",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="temporary_passwords",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "临时密码记录",
                "verbose_name_plural": "临时密码记录",
                "ordering": ["-issued_at", "-pk"],
            },
        ),
    ]
