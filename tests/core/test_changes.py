"""Jobs that know what changed (apps.core.changes): the change log and the watermarks.

Transactional tests: a watermark is a snapshot of committed work, so each write here commits
(inside one test transaction every write would share one transaction id).
"""

import threading
from datetime import date
from types import SimpleNamespace

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from apps.cadres.models import Cadre
from apps.core import changes, jobs
from apps.core.changes import watch
from apps.core.models import Change, ChangeCutoff, JobWatermark
from apps.notifications.models import Reminder
from tests.concurrency import at_once
from tests.factories import CadreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ON = date(2026, 11, 24)


class Spy:
    """A job that counts its runs (and may act while it runs)."""

    def __init__(self, during=None):
        self.calls, self.narrowed, self.during = 0, [], during

    def __call__(self, *, on):
        self.calls += 1
        if self.during:
            self.during()
        return 1

    def narrow(self, *, on, changed):
        self.narrowed.append({m.__name__: set(k) for m, k in changed.items()})
        return 1


@pytest.fixture
def spy_job(monkeypatch):
    """Register a throwaway job watching the register (for this test only)."""

    def make(*, inputs=None, settings=(), narrow=False, during=None):
        spy = Spy(during)
        job = jobs.Job(
            name="test_spy",
            func=spy,
            frequency="test",
            order=0,
            inputs=tuple(inputs or [watch(Cadre, key="id", ignore=("updated_at",))]),
            settings=tuple(settings),
            narrow=spy.narrow if narrow else None,
        )
        jobs.autodiscover_modules("jobs")
        monkeypatch.setitem(jobs._registry, "test_spy", job)
        return spy

    return make


def run():
    return jobs.run_job("test_spy", on=ON)


def test_a_rerun_with_nothing_changed_is_skipped_in_a_few_queries(
    spy_job, django_assert_max_num_queries
):
    spy = spy_job()
    cadre = CadreFactory()
    assert run() == 1
    with django_assert_max_num_queries(2):
        assert run() == 0
    # Writes that change nothing record nothing.
    before = Change.objects.count()
    Cadre.objects.get(pk=cadre.pk).save()  # same values (updated_at only, which is ignored)
    Cadre.objects.filter(pk=-1).update(phone="1")  # no row
    Cadre.objects.filter(pk=cadre.pk).update(phone=cadre.phone)  # same value
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cadres_cadre SELECT * FROM cadres_cadre WHERE id = %s "
            "ON CONFLICT DO NOTHING",
            [cadre.pk],
        )
    assert Change.objects.count() == before
    assert run() == 0
    assert spy.calls == 1


def _orm_save(cadre):
    cadre.address = "解放路 9 号"  # the factory never writes this one
    cadre.save()


def _queryset_update(cadre):
    Cadre.objects.filter(pk=cadre.pk).update(health=Cadre.Health.POOR)


def _bulk_create(cadre):
    CadreFactory.create_batch(2, unit=cadre.unit)  # and bulk_create below
    Cadre.objects.bulk_create([CadreFactory.build(unit=cadre.unit)])


def _raw_sql(cadre):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cadres_cadre SET interests = 'x' WHERE id = %s", [cadre.pk])


def _delete(cadre):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cadres_cadre WHERE id = %s", [cadre.pk])


def _admin(cadre):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/cadres/cadre/")
    request.user = UserFactory(is_staff=True, is_superuser=True, role="bureau_staff")
    model_admin = site._registry[Cadre]
    obj = model_admin.get_object(request, str(cadre.pk))
    obj.address = "解放路 10 号"
    form = SimpleNamespace(changed_data=["address"], cleaned_data={"address": obj.address})
    model_admin.save_model(request, obj, form=form, change=True)


def test_a_change_through_any_write_path_makes_the_next_run_work(spy_job):
    spy = spy_job()
    cadre = CadreFactory()
    run()
    for write in (_orm_save, _queryset_update, _bulk_create, _raw_sql, _admin, _delete):
        calls = spy.calls
        write(cadre)
        assert run() == 1, write.__name__
        assert spy.calls == calls + 1
        assert run() == 0, write.__name__


def test_a_change_committed_by_another_connection_during_the_run_is_picked_up_next_time(
    spy_job,
):
    cadre = CadreFactory()
    settings_dict = connection.settings_dict
    dsn = (
        f"host={settings_dict['HOST']} port={settings_dict['PORT'] or 5432} "
        f"user={settings_dict['USER']} dbname={settings_dict['NAME']}"
    )

    def commit_elsewhere():
        # After the run took its snapshot and before it ends, like a secretary's save.
        def work():
            with psycopg.connect(dsn, autocommit=True) as other:
                other.execute(
                    "UPDATE cadres_cadre SET address = '解放路 11 号' WHERE id = %s", [cadre.pk]
                )

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()

    spy = spy_job(during=commit_elsewhere)
    assert run() == 1
    spy.during = None
    assert run() == 1  # the change it may not have seen
    assert run() == 0
    assert spy.calls == 2


def test_a_changed_setting_another_day_or_force_makes_it_run(spy_job, settings):
    spy = spy_job(settings=("VISIT_CATCHUP_DAYS",))
    run()
    assert run() == 0
    settings.VISIT_CATCHUP_DAYS = settings.VISIT_CATCHUP_DAYS + 1
    assert run() == 1
    assert run() == 0
    assert jobs.run_job("test_spy", on=date(2026, 11, 25)) == 1
    assert jobs.run_job("test_spy", on=ON, force=True) == 1
    assert spy.calls == 4


def test_run_daily_jobs_force_runs_jobs_with_nothing_changed(monkeypatch):
    from apps.visits.services import generation

    calls = []
    original = generation.visits_generate

    def counted(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    job = jobs._registry["visits_generate"]
    monkeypatch.setitem(
        jobs._registry, "visits_generate", jobs.Job(**{**job.__dict__, "func": counted})
    )
    args = ["run_daily_jobs", "--date", "2026-11-24", "--only", "visits_generate"]
    call_command(*args)
    call_command(*args)
    assert len(calls) == 1
    call_command(*args, "--force")
    assert len(calls) == 2


def test_the_jobs_own_writes_are_no_change_to_it_but_are_to_others(spy_job, monkeypatch):
    spy = spy_job(during=lambda: CadreFactory())
    run()
    spy.during = None
    assert run() == 0  # what it wrote itself
    other = Spy()
    monkeypatch.setitem(
        jobs._registry,
        "test_other",
        jobs.Job(
            name="test_other",
            func=other,
            frequency="test",
            order=0,
            inputs=(watch(Cadre, key="id", ignore=("updated_at",)),),
        ),
    )
    jobs.run_job("test_other", on=ON)
    spy.during = lambda: CadreFactory()
    jobs.run_job("test_spy", on=ON, force=True)  # writes again, after test_other's watermark
    assert jobs.run_job("test_other", on=ON) == 1
    assert other.calls == 2


def test_only_the_operations_and_kinds_it_watches_count(spy_job, staff_a):
    spy = spy_job(
        inputs=[watch(Reminder, ops="ID", key="kind", only=("visit_due",))],
    )
    reminder = Reminder.objects.create(recipient=staff_a, kind="visit_due", key="k1", subject="s")
    run()
    Reminder.objects.filter(pk=reminder.pk).update(read_at="2026-11-24T08:00:00+08:00")  # delivery
    Reminder.objects.create(recipient=staff_a, kind="subsidy_eligible", key="k2", subject="s")
    assert run() == 0
    Reminder.objects.create(recipient=staff_a, kind="visit_due", key="k3", subject="s")
    assert run() == 1
    assert spy.calls == 2


def test_the_narrowed_form_gets_the_changed_keys_up_to_the_cap(spy_job):
    spy = spy_job(narrow=True)
    a, b, c = CadreFactory.create_batch(3)
    run()
    Cadre.objects.filter(pk__in=[a.pk, b.pk]).update(hardship=True)
    assert run() == 1
    assert spy.narrowed == [{"Cadre": {str(a.pk), str(b.pk)}}]
    assert spy.calls == 1
    assert run() == 0
    with connection.cursor() as cursor:  # the cap is the trigger's argument
        cursor.execute(
            "CREATE OR REPLACE TRIGGER core_change_update AFTER UPDATE ON cadres_cadre "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION core_note_change('id', 'id', 'updated_at', '1')"
        )
    try:
        Cadre.objects.update(hardship=False)
        assert Change.objects.filter(channel="cadres_cadre:U").latest("pk").keys is None
        assert run() == 1
        assert (spy.calls, len(spy.narrowed)) == (2, 1)  # in full: too many to list
    finally:
        changes.install_triggers(jobs.tracked_tables())  # the triggers as installed


def test_a_watermark_proves_nothing_with_triggers_off_or_once_pruned(spy_job):
    spy = spy_job()
    cadre = CadreFactory()
    run()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cadres_cadre DISABLE TRIGGER core_change_update")
    try:
        assert run() == 1
        assert run() == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE cadres_cadre ENABLE TRIGGER core_change_update")
    run()
    assert run() == 0
    Cadre.objects.filter(pk=cadre.pk).update(hardship=True)
    changes.prune()
    assert run() == 1  # the change after its watermark survived the prune
    xmin = JobWatermark.objects.get().snapshot_xmin
    JobWatermark.objects.update(finished_at="2026-01-01T00:00:00+08:00")  # long ago
    changes.prune()
    cutoff = ChangeCutoff.objects.get().xid
    assert not Change.objects.filter(xid__lt=cutoff).exists()
    # Rows below the cutoff are gone: a watermark below it can prove nothing any more.
    ChangeCutoff.objects.update(xid=xmin + 1)
    assert run() == 1
    assert spy.calls == 5


def test_two_runs_at_once_both_finish_and_the_next_run_sees_later_changes(spy_job):
    barrier = threading.Barrier(2)
    spy = spy_job(during=lambda: barrier.wait(timeout=10))
    _, errors = at_once(run, together=False)  # the spy's barrier holds both inside the run
    assert errors == [] and spy.calls == 2
    spy.during = None
    assert run() == 0
    CadreFactory()
    assert run() == 1


@pytest.mark.django_db(transaction=False)
def test_inside_a_transaction_it_runs_every_time(spy_job):
    spy = spy_job()
    assert transaction.get_connection().in_atomic_block
    run()
    run()
    assert spy.calls == 2
    assert not JobWatermark.objects.exists()
