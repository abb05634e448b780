"""The register's trigger finds the visits table by the trigger that marks it (not by name),
so a later rename of services_visit (the services split) cannot break a cadre's transfer."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION dashboard_mark_cadres() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    visits regclass;
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
        IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                   WHERE n.unit_id <> o.unit_id) THEN
            SELECT tgrelid::regclass INTO visits FROM pg_trigger
            WHERE tgname = 'dashboard_mark_insert'
              AND tgfoid = 'dashboard_mark_visits'::regproc;
            EXECUTE format(
                'INSERT INTO dashboard_factmark (kind, unit_id, month)
                 SELECT DISTINCT ''visit'', side.unit_id, date_trunc(''month'', v.due_date)::date
                 FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.unit_id <> o.unit_id
                      JOIN %s v ON v.cadre_id = n.id,
                      LATERAL (VALUES (o.unit_id), (n.unit_id)) AS side (unit_id)',
                visits);
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0001_facts")]

    operations = [migrations.RunSQL(FUNCTION, migrations.RunSQL.noop)]
