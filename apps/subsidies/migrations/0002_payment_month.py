"""An index on the payments' month: the dashboard's facts refresh recounts the payments of a
marked month (the month's batch), which without it reads every payment of every month."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(fields=["month"], name="payment_month"),
        ),
    ]
