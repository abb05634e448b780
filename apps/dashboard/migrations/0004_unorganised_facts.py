"""应统未统 from the facts: the register counts party members in no branch (dimension
'unorganised'), so a trigger on the branch memberships marks the cadre's unit when one is
added, closed, reopened, moved to another cadre or deleted; one 'everything' mark builds the
new dimension on the next refresh. An index for the dashboard's few dimensions of a subtree."""

from django.db import migrations, models

FUNCTION = """
CREATE FUNCTION dashboard_mark_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', c.unit_id
        FROM new_rows n JOIN cadres_cadre c ON c.id = n.cadre_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', c.unit_id
        FROM old_rows o JOIN cadres_cadre c ON c.id = o.cadre_id;
    ELSE
        INSERT INTO dashboard_factmark (kind, unit_id)
        SELECT DISTINCT 'register', c.unit_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id,
             LATERAL (VALUES (o.cadre_id), (n.cadre_id)) AS side (cadre_id)
             JOIN cadres_cadre c ON c.id = side.cadre_id
        WHERE (o.cadre_id, o.left_on IS NULL) IS DISTINCT FROM (n.cadre_id, n.left_on IS NULL);
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = "\n".join(
    f"CREATE TRIGGER dashboard_mark_{event.lower()} AFTER {event} ON branches_membership "
    f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION dashboard_mark_memberships();"
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    )
)

DROP = "\n".join(
    f"DROP TRIGGER IF EXISTS dashboard_mark_{event} ON branches_membership;"
    for event in ("insert", "update", "delete")
) + "\nDROP FUNCTION IF EXISTS dashboard_mark_memberships();"


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_born_tree_and_unit_moves"),
        ("branches", "0004_records_kept"),
    ]

    operations = [
        migrations.RunSQL(
            FUNCTION + TRIGGERS + "\nINSERT INTO dashboard_factmark (kind) VALUES ('register');",
            DROP,
        ),
        migrations.AddIndex(
            model_name="registerfact",
            index=models.Index(
                fields=["dimension", "unit"], include=["value", "n"], name="registerfact_dimension"
            ),
        ),
    ]
