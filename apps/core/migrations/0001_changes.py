"""The change log and job watermarks (apps.core.changes), and the statement trigger function
core_note_change(pk column, key column, ignored columns, key cap): an UPDATE counts the rows whose
old and new values differ (as records; as jsonb minus the ignored columns when there are some,
which costs more on a big UPDATE). The triggers themselves are
installed after every migrate on the tables jobs watch (apps.core.apps)."""

import django.contrib.postgres.fields
from django.db import migrations, models

FUNCTION = r"""
CREATE OR REPLACE FUNCTION core_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pk text := TG_ARGV[0];
    key_column text := TG_ARGV[1];
    ignored text[] := coalesce(string_to_array(NULLIF(TG_ARGV[2], ''), ','), '{}');
    cap int := TG_ARGV[3]::int;
    found_keys text[];
    changed boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        changed := true;
    ELSIF key_column = '' THEN
        IF TG_OP = 'INSERT' THEN
            changed := EXISTS (SELECT 1 FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            changed := EXISTS (SELECT 1 FROM old_rows);
        ELSE
            EXECUTE format(
                'SELECT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.%1$I = o.%1$I
                 WHERE CASE WHEN cardinality($1) = 0 THEN o IS DISTINCT FROM n
                            ELSE to_jsonb(o) - $1 IS DISTINCT FROM to_jsonb(n) - $1 END)', pk)
            INTO changed USING ignored;
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            EXECUTE format('SELECT array_agg(k) FROM (SELECT DISTINCT (%1$I)::text AS k
                            FROM new_rows LIMIT $1) s', key_column)
            INTO found_keys USING cap + 1;
        ELSIF TG_OP = 'DELETE' THEN
            EXECUTE format('SELECT array_agg(k) FROM (SELECT DISTINCT (%1$I)::text AS k
                            FROM old_rows LIMIT $1) s', key_column)
            INTO found_keys USING cap + 1;
        ELSE
            EXECUTE format(
                'SELECT array_agg(k) FROM (
                     SELECT DISTINCT side.k FROM old_rows o JOIN new_rows n ON n.%1$I = o.%1$I,
                         LATERAL (VALUES ((o.%2$I)::text), ((n.%2$I)::text)) AS side (k)
                     WHERE CASE WHEN cardinality($2) = 0 THEN o IS DISTINCT FROM n
                                ELSE to_jsonb(o) - $2 IS DISTINCT FROM to_jsonb(n) - $2 END
                     LIMIT $1) s', pk, key_column)
            INTO found_keys USING cap + 1, ignored;
        END IF;
        changed := found_keys IS NOT NULL;
        IF cardinality(found_keys) > cap THEN
            found_keys := NULL;  -- too many to list: every row
        END IF;
    END IF;
    IF changed THEN
        INSERT INTO core_change (channel, xid, job, keys)
        VALUES (TG_TABLE_NAME || ':' || left(TG_OP, 1), pg_current_xact_id()::text::bigint,
                coalesce(current_setting('cadre.job', true), ''), found_keys);
    END IF;
    RETURN NULL;
END $$;
"""

DROP = "DROP FUNCTION IF EXISTS core_note_change() CASCADE;"


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='ChangeCutoff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('xid', models.BigIntegerField(verbose_name='已清理至事务号')),
            ],
            options={
                'verbose_name': '变更记录清理位置',
                'verbose_name_plural': '变更记录清理位置',
            },
        ),
        migrations.CreateModel(
            name='Change',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(max_length=80, verbose_name='表与操作')),
                ('xid', models.BigIntegerField(verbose_name='事务号')),
                ('job', models.CharField(blank=True, max_length=120, verbose_name='由任务写入')),
                ('keys', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=100), null=True, size=None, verbose_name='键')),
            ],
            options={
                'verbose_name': '数据变更记录',
                'verbose_name_plural': '数据变更记录',
                'indexes': [models.Index(fields=['channel', 'xid'], name='core_change_channel_xid')],
            },
        ),
        migrations.CreateModel(
            name='JobWatermark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('job', models.CharField(max_length=100, verbose_name='任务')),
                ('on', models.DateField(verbose_name='业务日期')),
                ('fingerprint', models.CharField(max_length=64, verbose_name='设置指纹')),
                ('snapshot', models.TextField(verbose_name='快照')),
                ('snapshot_xmin', models.BigIntegerField(verbose_name='快照最小事务号')),
                ('started_at', models.DateTimeField(verbose_name='开始时间')),
                ('finished_at', models.DateTimeField(verbose_name='结束时间')),
            ],
            options={
                'verbose_name': '任务水位',
                'verbose_name_plural': '任务水位',
                'constraints': [models.UniqueConstraint(fields=('job', 'on'), name='core_watermark_once_per_day')],
            },
        ),
        migrations.RunSQL(FUNCTION, DROP),
    ]
