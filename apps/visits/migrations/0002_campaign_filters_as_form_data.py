"""Campaign filters stored before the filters were kept as the register form reads them held
cleaned values ({"hardship": true}, {"unit": 7}); generation re-reads a filter through the form,
which takes "1"/"0" for yes/no and pks as text, and refuses anything else (a refused filter stops
generation instead of reaching everyone). This rewrites the old values in the form's terms so
those campaigns keep generating for the same group. Values already in form terms stay."""

from django.db import migrations


def _form_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    return value


def form_filters(filters: dict) -> dict:
    return {k: _form_value(v) for k, v in (filters or {}).items() if v not in (None, "", [])}


def forwards(apps, schema_editor):
    Campaign = apps.get_model("visits", "Campaign")
    for campaign in Campaign.objects.exclude(filters={}).only("pk", "filters").iterator():
        converted = form_filters(campaign.filters)
        if converted != campaign.filters:
            Campaign.objects.filter(pk=campaign.pk).update(filters=converted)


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
