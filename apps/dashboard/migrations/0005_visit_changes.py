"""The visits' trigger records what a statement changed instead of which months it touched:
per (unit, month, occasion, status) the change of the count (dashboard_visitchange), and a
'coverage' mark for the unit only when a visit became done, stopped being done or changed its
done date (易地安置 coverage counts done visits). The refresh after the daily generation then
adds a few thousand changes instead of recounting every touched month of every unit, and the
coverage facts are recomputed only where a done visit changed.

A cadre moved to another unit still marks both units' months (dashboard_mark_cadres, 0002):
those slices are recomputed from the live rows."""

import importlib

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_mark_visits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_visitchange (unit_id, month, occasion, status, n)
        SELECT c.unit_id, date_trunc('month', n.due_date)::date, n.occasion, n.status, count(*)
        FROM new_rows n JOIN cadres_cadre c ON c.id = n.cadre_id
        GROUP BY 1, 2, 3, 4;
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'coverage', c.unit_id
        FROM new_rows n JOIN cadres_cadre c ON c.id = n.cadre_id
        WHERE n.status = 'done';
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_visitchange (unit_id, month, occasion, status, n)
        SELECT c.unit_id, date_trunc('month', o.due_date)::date, o.occasion, o.status, -count(*)
        FROM old_rows o JOIN cadres_cadre c ON c.id = o.cadre_id
        GROUP BY 1, 2, 3, 4;
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'coverage', c.unit_id
        FROM old_rows o JOIN cadres_cadre c ON c.id = o.cadre_id
        WHERE o.status = 'done';
    ELSE
        INSERT INTO dashboard_visitchange (unit_id, month, occasion, status, n)
        SELECT c.unit_id, date_trunc('month', side.due_date)::date, side.occasion, side.status,
               sum(side.n)
        FROM old_rows o JOIN new_rows n ON n.id = o.id,
             LATERAL (VALUES (o.cadre_id, o.due_date, o.occasion, o.status, -1),
                             (n.cadre_id, n.due_date, n.occasion, n.status, 1))
                 AS side (cadre_id, due_date, occasion, status, n)
             JOIN cadres_cadre c ON c.id = side.cadre_id
        WHERE (o.status, o.occasion, o.due_date, o.cadre_id)
              IS DISTINCT FROM (n.status, n.occasion, n.due_date, n.cadre_id)
        GROUP BY 1, 2, 3, 4
        HAVING sum(side.n) <> 0;
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'coverage', c.unit_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id,
             LATERAL (VALUES (o.cadre_id), (n.cadre_id)) AS side (cadre_id)
             JOIN cadres_cadre c ON c.id = side.cadre_id
        WHERE (o.status = 'done' OR n.status = 'done')
          AND (o.status, o.done_on, o.cadre_id) IS DISTINCT FROM (n.status, n.done_on, n.cadre_id);
    END IF;
    RETURN NULL;
END $$;
"""


def _previous_function() -> str:
    initial = importlib.import_module("apps.dashboard.migrations.0001_facts")
    text = initial.FUNCTIONS
    start = text.index("CREATE FUNCTION dashboard_mark_visits()")
    end = text.index("END $$;", start) + len("END $$;")
    return "CREATE OR REPLACE" + text[start + len("CREATE") : end]


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0004_unorganised_facts")]

    operations = [
        migrations.CreateModel(
            name="VisitChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("unit_id", models.BigIntegerField()),
                ("month", models.DateField()),
                ("occasion", models.CharField(max_length=30)),
                ("status", models.CharField(max_length=20)),
                ("n", models.IntegerField()),
            ],
            options={"verbose_name": "走访统计变化", "verbose_name_plural": "走访统计变化"},
        ),
        migrations.AlterField(
            model_name="factmark",
            name="kind",
            field=models.CharField(
                choices=[
                    ("visit", "走访"),
                    ("payment", "发放"),
                    ("register", "在册"),
                    ("coverage", "易地安置走访"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunSQL(FUNCTION, _previous_function()),
    ]
