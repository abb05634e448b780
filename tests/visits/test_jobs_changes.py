"""The visit jobs know what changed (apps.core.changes, issue 21): a re-run with nothing changed
reads nothing big; after a day's edits visits_generate works on the changed cadres only and
creates exactly what a full run would."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cadres.models import Cadre, Hospitalization
from apps.core import jobs
from apps.notifications.delivery import reminders_deliver
from apps.notifications.models import Reminder
from apps.visits.models import Visit, VisitRule
from apps.visits.services import generation
from tests.factories import CadreFactory

from .factories import HospitalizationFactory, LifeEventFactory, VisitFactory

pytestmark = pytest.mark.django_db(transaction=True)

ON = date(2026, 11, 24)
BIG = ("services_visit", "cadres_cadre", "cadres_hospitalization", "notifications_reminder")


def visit_jobs(on=ON, **kwargs) -> dict[str, int]:
    return {
        job.name: jobs.run_job(job.name, on=on, **kwargs)
        for job in jobs.jobs(jobs.DAILY)
        if job.name.startswith("visits_")
    }


@pytest.fixture
def spied(monkeypatch):
    """Count the full and the narrowed runs of visits_generate."""
    calls = {"full": 0, "narrow": []}
    job = jobs._registry["visits_generate"]

    def full(*, on):
        calls["full"] += 1
        return job.func(on=on)

    def narrow(*, on, changed):
        calls["narrow"].append({m.__name__: set(keys) for m, keys in changed.items()})
        return job.narrow(on=on, changed=changed)

    monkeypatch.setitem(
        jobs._registry,
        "visits_generate",
        jobs.Job(**{**job.__dict__, "func": full, "narrow": narrow}),
    )
    return calls


@pytest.fixture
def register(district_a, staff_a):
    CadreFactory.create_batch(6, unit=district_a, birth_date=date(1946, 12, 1))
    return district_a


def test_a_rerun_with_nothing_changed_runs_no_statement_on_the_big_tables(
    register, spied, monkeypatch
):
    first = visit_jobs()
    assert first["visits_generate"] and first["visits_remind"]
    called = []
    for occasion, generator in list(generation.GENERATORS.items()):
        monkeypatch.setitem(
            generation.GENERATORS,
            occasion,
            lambda *a, _g=generator, **k: called.append(1) or _g(*a, **k),
        )
    # Delivering reminders all day (updates) is no reason for the visit jobs either.
    reminders_deliver()
    Reminder.objects.update(read_at="2026-11-24T09:00:00+08:00")
    with CaptureQueriesContext(connection) as queries:
        assert visit_jobs() == {"visits_generate": 0, "visits_mark_overdue": 0, "visits_remind": 0}
    touching = [
        q["sql"]
        for q in queries
        if any(t in q["sql"] for t in BIG) and "core_jobwatermark" not in q["sql"]
    ]
    assert touching == []
    assert len(queries) <= 12  # per job: snapshot and check
    assert (spied["full"], spied["narrow"], called) == (1, [], [])


def test_the_narrowed_run_creates_exactly_what_a_full_run_would(register, district_a, spied):
    visit_jobs()
    cadres = list(Cadre.objects.order_by("pk"))
    # A day's edits through several write paths: a cadre turns 80 within the window (ORM),
    # one becomes a party member, one dies (update), one is admitted (factory), a dispute,
    # a new cadre (bulk_create), a visit deleted by hand (raw SQL).
    first = cadres[0]
    first.birth_date = date(1946, 12, 5)
    first.save()
    Cadre.objects.filter(pk=cadres[1].pk).update(political_status=Cadre.Political.CPC)
    Cadre.objects.filter(pk=cadres[2].pk).update(
        status=Cadre.Status.DECEASED, deceased_on=date(2026, 11, 22)
    )
    HospitalizationFactory(cadre=cadres[3], admitted_on=date(2026, 11, 20))
    # Written straight to the table (no on-save planning), as an import would.
    Hospitalization.objects.bulk_create(
        [Hospitalization(cadre=cadres[0], hospital="市中医院", admitted_on=date(2026, 11, 23))]
    )
    LifeEventFactory(cadre=cadres[4], occurred_on=date(2026, 11, 21))
    Cadre.objects.bulk_create([CadreFactory.build(unit=district_a, birth_date=date(1936, 12, 3))])
    gone = Visit.objects.filter(cadre=cadres[5]).first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_visit WHERE id = %s", [gone.pk])
    before = Visit.objects.count()
    narrowed = visit_jobs()["visits_generate"]
    assert spied["full"] == 1 and len(spied["narrow"]) == 1
    assert narrowed > 0 and Visit.objects.count() == before + narrowed
    assert (
        not Visit.objects.filter(cadre=cadres[2])
        .exclude(occasion="condolence")
        .filter(status__in=["planned", "overdue"])
        .exists()
    )
    # The forced full run finds nothing left to create: the narrowed one did all of it.
    assert Visit.objects.filter(cadre=cadres[0], occasion="hospital").count() == 1
    assert spied["narrow"][0]["Hospitalization"] == {str(cadres[0].pk), str(cadres[3].pk)}
    reminded = Reminder.objects.filter(key__startswith="visit_due:").values_list("key", flat=True)
    assert f"visit_due:{Visit.objects.get(cadre=cadres[0], occasion='hospital').pk}" in reminded
    assert jobs.run_job("visits_generate", on=ON, force=True) == 0
    assert spied["full"] == 2


def test_changed_rules_staff_or_units_run_the_generation_in_full(
    only_rule, district_a, spied, client
):
    from tests.factories import UserFactory

    only_rule("routine-call")
    CadreFactory(unit=district_a)
    visit_jobs()
    assert Visit.objects.get().assignee is None
    staff = UserFactory(unit=district_a, role="district_staff")
    visit_jobs()
    assert Visit.objects.get().assignee == staff
    assert spied["full"] == 2
    client.force_login(staff)  # last_login only
    visit_jobs()
    assert spied["full"] == 2
    VisitRule.objects.filter(code="routine-call").update(notice_days=60)
    visit_jobs()
    assert (spied["full"], spied["narrow"]) == (3, [])


def test_the_overdue_job_runs_when_visits_changed_and_not_otherwise(register):
    visit_jobs()
    VisitFactory(cadre=Cadre.objects.first(), due_date=date(2026, 11, 1))
    assert visit_jobs()["visits_mark_overdue"] == 1
    assert visit_jobs()["visits_mark_overdue"] == 0


def test_after_a_day_of_visit_edits_the_reminders_run_for_those_cadres_only(
    register, staff_a, monkeypatch
):
    visit_jobs()
    job = jobs._registry["visits_remind"]
    narrowed = []

    def narrow(*, on, changed):
        narrowed.append({m.__name__: set(keys) for m, keys in changed.items()})
        return job.narrow(on=on, changed=changed)

    monkeypatch.setitem(
        jobs._registry, "visits_remind", jobs.Job(**{**job.__dict__, "narrow": narrow})
    )
    cadre = Cadre.objects.order_by("pk").last()
    # A visit entered by hand, assigned and already overdue: its assignee is reminded.
    visit = VisitFactory(
        cadre=cadre, due_date=date(2026, 11, 20), status="overdue", assignee=staff_a
    )
    made = visit_jobs()["visits_remind"]
    assert narrowed == [{"Visit": {str(cadre.pk)}}]
    assert made == 1 == Reminder.objects.filter(key=f"visit_overdue:{visit.pk}").count()
    # The narrowed run left nothing for a full one to do.
    assert jobs.run_job("visits_remind", on=ON, force=True) == 0
    # A reminder deleted by hand is keyed by kind, not by cadre: the narrowed form runs in full
    # and brings it back.
    Reminder.objects.filter(key__endswith=f":{visit.pk}").delete()
    assert visit_jobs()["visits_remind"] == made
    assert narrowed[1] == {"Reminder": {"visit_overdue"}}
