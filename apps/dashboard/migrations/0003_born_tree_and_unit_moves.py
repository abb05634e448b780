"""Birth months pre-summed per subtree ('born_tree' register facts, built by the first refresh)
and a trigger on the units: a unit moved in the tree (its path changed) marks the register for
a full refresh, since subtree sums follow the tree (not a new unit's first path)."""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION dashboard_mark_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
               WHERE n.path IS DISTINCT FROM o.path AND o.path <> '/') THEN
        INSERT INTO dashboard_factmark (kind) VALUES ('register');
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dashboard_mark_update AFTER UPDATE ON accounts_orgunit
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION dashboard_mark_units();
INSERT INTO dashboard_factmark (kind) VALUES ('register');
"""

DROP = """
DROP TRIGGER IF EXISTS dashboard_mark_update ON accounts_orgunit;
DROP FUNCTION IF EXISTS dashboard_mark_units();
"""


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0002_mark_cadres_finds_visits_table")]

    operations = [migrations.RunSQL(FUNCTION, DROP)]
