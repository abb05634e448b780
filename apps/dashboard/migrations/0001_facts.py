"""The dashboard's facts (apps.dashboard.models) and the statement triggers that mark what
changed. The triggers are statement-level with transition tables: one INSERT of the distinct
(unit, month) slices per statement, whatever the number of rows it wrote."""

import django.db.models.deletion
from django.db import migrations, models

MARK = "dashboard_factmark"

FUNCTIONS = """
CREATE FUNCTION dashboard_mark_visits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'visit', c.unit_id, date_trunc('month', n.due_date)::date
        FROM new_rows n JOIN cadres_cadre c ON c.id = n.cadre_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'visit', c.unit_id, date_trunc('month', o.due_date)::date
        FROM old_rows o JOIN cadres_cadre c ON c.id = o.cadre_id;
    ELSE
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'visit', c.unit_id, date_trunc('month', x.due_date)::date
        FROM (
            SELECT side.cadre_id, side.due_date
            FROM old_rows o JOIN new_rows n ON n.id = o.id,
                 LATERAL (VALUES (o.cadre_id, o.due_date), (n.cadre_id, n.due_date))
                     AS side (cadre_id, due_date)
            WHERE (o.status, o.occasion, o.due_date, o.cadre_id, o.done_on)
                  IS DISTINCT FROM (n.status, n.occasion, n.due_date, n.cadre_id, n.done_on)
        ) x JOIN cadres_cadre c ON c.id = x.cadre_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_mark_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'payment', n.unit_id, n.month FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'payment', o.unit_id, o.month FROM old_rows o;
    ELSE
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'payment', side.unit_id, side.month
        FROM old_rows o JOIN new_rows n ON n.id = o.id,
             LATERAL (VALUES (o.unit_id, o.month), (n.unit_id, n.month)) AS side (unit_id, month)
        WHERE (o.status, o.amount, o.month, o.unit_id, o.subsidy_type_id)
              IS DISTINCT FROM (n.status, n.amount, n.month, n.unit_id, n.subsidy_type_id);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION dashboard_mark_cadres() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', n.unit_id FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', o.unit_id FROM old_rows o;
    ELSE
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', side.unit_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id,
             LATERAL (VALUES (o.unit_id), (n.unit_id)) AS side (unit_id)
        WHERE (o.unit_id, o.status, o.birth_date, o.retirement_kind, o.political_status,
               o.health, o.living_situation, o.relocated, o.hardship)
              IS DISTINCT FROM
              (n.unit_id, n.status, n.birth_date, n.retirement_kind, n.political_status,
               n.health, n.living_situation, n.relocated, n.hardship);
        -- A cadre moved to another unit takes their visits along (visits count on the
        -- cadre's unit): both units' months of those visits.
        INSERT INTO dashboard_factmark (kind, unit_id, month)
        SELECT DISTINCT 'visit', side.unit_id, date_trunc('month', v.due_date)::date
        FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.unit_id <> o.unit_id
             JOIN services_visit v ON v.cadre_id = n.id,
             LATERAL (VALUES (o.unit_id), (n.unit_id)) AS side (unit_id);
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = []
for table, function in (
    ("services_visit", "dashboard_mark_visits"),
    ("services_payment", "dashboard_mark_payments"),
    ("cadres_cadre", "dashboard_mark_cadres"),
):
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        TRIGGERS.append(
            f"CREATE TRIGGER dashboard_mark_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )

DROP = "\n".join(
    f"DROP TRIGGER IF EXISTS dashboard_mark_{event} ON {table};"
    for table in ("services_visit", "services_payment", "cadres_cadre")
    for event in ("insert", "update", "delete")
) + (
    "DROP FUNCTION IF EXISTS dashboard_mark_visits(); DROP FUNCTION IF EXISTS "
    "dashboard_mark_payments(); DROP FUNCTION IF EXISTS dashboard_mark_cadres();"
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_role_cadre_family"),
        ("cadres", "0002_register_status_kept"),
        ("services", "0007_models_moved_to_visits_subsidies_casework"),
        ("visits", "0001_initial"),
        ("subsidies", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="FactMark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("visit", "走访"), ("payment", "发放"), ("register", "在册")],
                        max_length=10,
                    ),
                ),
                ("unit_id", models.BigIntegerField(null=True)),
                ("month", models.DateField(null=True)),
            ],
            options={"verbose_name": "待刷新统计", "verbose_name_plural": "待刷新统计"},
        ),
        migrations.CreateModel(
            name="PaymentFact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("subsidy_type_id", models.BigIntegerField()),
                ("status", models.CharField(max_length=20)),
                ("n", models.IntegerField()),
                ("amount", models.DecimalField(decimal_places=2, max_digits=16)),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.orgunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "发放统计",
                "verbose_name_plural": "发放统计",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "unit", "subsidy_type_id", "status"),
                        name="paymentfact_slice",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RegisterFact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("dimension", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=20)),
                ("n", models.IntegerField()),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.orgunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "在册统计",
                "verbose_name_plural": "在册统计",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "dimension", "value"), name="registerfact_slice"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="VisitFact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("occasion", models.CharField(max_length=30)),
                ("status", models.CharField(max_length=20)),
                ("n", models.IntegerField()),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.orgunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "走访统计",
                "verbose_name_plural": "走访统计",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("month", "unit", "occasion", "status"), name="visitfact_slice"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CoverageFact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField()),
                ("total", models.IntegerField()),
                ("covered", models.IntegerField()),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.orgunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "易地安置走访统计",
                "verbose_name_plural": "易地安置走访统计",
                "constraints": [
                    models.UniqueConstraint(fields=("year", "unit"), name="coveragefact_slice")
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS + "\n".join(TRIGGERS), DROP),
        # The first refresh builds every fact from the rows already there.
        migrations.RunSQL(
            f"INSERT INTO {MARK} (kind) VALUES ('visit'), ('payment'), ('register');",  # noqa: S608
            migrations.RunSQL.noop,
        ),
    ]
