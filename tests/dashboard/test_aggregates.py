"""The dashboard's facts (apps.dashboard.facts): after a day's changes through every write path
(ORM save, queryset.update, the daily jobs' INSERT … SELECT, a cadre moved or deceased) one
refresh makes every fact equal the live rows it counts, the sections read the facts and still
equal the lists they drill to, and the masking rule holds for the figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from apps.accounts.masking import sees_sensitive
from apps.accounts.models import Role
from apps.branches.models import Membership
from apps.branches.selectors import unorganised_members
from apps.branches.services.memberships import membership_join, membership_move
from apps.cadres.models import Cadre
from apps.core import jobs
from apps.dashboard import facts, selectors
from apps.dashboard.models import FactMark, PaymentFact, RegisterFact, VisitChange, VisitFact
from apps.subsidies.models import Payment
from apps.visits.models import Visit
from apps.visits.selectors import coverage_report
from tests.factories import UserFactory

from .factories import (
    CadreFactory,
    MembershipFactory,
    PartyBranchFactory,
    PartyMemberFactory,
    VisitFactory,
    subsidy_paid,
)

pytestmark = pytest.mark.django_db


def live_visits() -> dict:
    rows = (
        Visit.objects.annotate(m=TruncMonth("due_date"))
        .values_list("cadre__unit_id", "m", "occasion", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(u, m, o, s): n for u, m, o, s, n in rows}


def fact_visits() -> dict:
    rows = VisitFact.objects.values_list("unit_id", "month", "occasion", "status", "n")
    return {(u, m, o, s): n for u, m, o, s, n in rows}


def live_payments() -> dict:
    rows = (
        Payment.objects.values_list("unit_id", "month", "subsidy_type_id", "status")
        .annotate(n=Count("pk"), amount=Sum("amount"))
        .order_by()
    )
    return {(u, m, t, s): (n, a) for u, m, t, s, n, a in rows}


def fact_payments() -> dict:
    rows = PaymentFact.objects.values_list(
        "unit_id", "month", "subsidy_type_id", "status", "n", "amount"
    )
    return {(u, m, t, s): (n, a) for u, m, t, s, n, a in rows}


def live_register() -> dict:
    alive = Cadre.objects.alive()
    in_branch = set(Membership.objects.active().values_list("cadre_id", flat=True))
    result = {}
    for unit_id, n in alive.values_list("unit_id").annotate(n=Count("pk")).order_by():
        result[(unit_id, "total", "")] = n
    for field, dimension in (
        ("retirement_kind", "kind"),
        ("health", "health"),
        ("living_situation", "living"),
    ):
        for unit_id, value, n in (
            alive.values_list("unit_id", field).annotate(n=Count("pk")).order_by()
        ):
            result[(unit_id, dimension, value)] = n
    for cadre in alive.select_related("unit"):
        for dimension, value in (
            ("party", "1" if cadre.political_status == "cpc" else "0"),
            ("relocated", "1" if cadre.relocated else "0"),
            ("hardship", "1" if cadre.hardship else "0"),
            ("born", f"{cadre.birth_date:%Y-%m}"),
            (
                "unorganised",
                "1" if cadre.political_status == "cpc" and cadre.pk not in in_branch else "0",
            ),
        ):
            key = (cadre.unit_id, dimension, value)
            result[key] = result.get(key, 0) + 1
        # the birth months of every unit's subtree: counted on each unit above the cadre
        for ancestor in cadre.unit.path.strip("/").split("/"):
            key = (int(ancestor), "born_tree", f"{cadre.birth_date:%Y-%m}")
            result[key] = result.get(key, 0) + 1
    return result


def fact_register() -> dict:
    rows = RegisterFact.objects.values_list("unit_id", "dimension", "value", "n")
    return {(u, d, v): n for u, d, v, n in rows}


def assert_facts_equal_live(users=()):
    assert fact_visits() == live_visits()
    assert fact_payments() == live_payments()
    assert fact_register() == live_register()
    low, high = facts.coverage_years()
    for user in users:
        for year in range(low, high + 1):
            assert facts.coverage(user, year) == coverage_report(user=user, year=year), year
        assert unorganised(user) == unorganised_members(user).count()


def unorganised(user) -> int:
    """应统未统 of the user's scope as the dashboard reads it (the register's facts)."""
    _, totals = facts.register_counts(
        user,
        today=timezone.localdate(),
        sensitive=False,
        child_of=selectors.child_of,
        prefix=selectors.scope_prefix(user),
        extra={},
    )
    return totals.get("unorganised", 0)


@pytest.fixture
def day(district_a, district_b):
    """Yesterday's state, refreshed: two districts with cadres, visits this month, paid money."""
    today = timezone.localdate()
    month = today.replace(day=1)
    a = [CadreFactory(unit=district_a, relocated=i == 0, health="poor") for i in range(4)]
    b = [CadreFactory(unit=district_b, hardship=True) for _ in range(3)]
    for cadre in a + b:
        VisitFactory(cadre=cadre, due_date=month, status="planned")
    subsidy_paid(a[0], month=month, amount="300.00")
    subsidy_paid(b[0], month=month, amount="120.50")
    facts.refresh()
    assert not FactMark.objects.exists()
    return {"a": a, "b": b, "month": month, "today": today}


def test_the_migration_marks_everything_so_the_first_refresh_builds_the_facts(district_a):
    CadreFactory(unit=district_a)
    FactMark.objects.all().delete()
    VisitFact.objects.all().delete()
    RegisterFact.objects.all().delete()
    assert facts.refresh_all() == len(FactMark.Kind.values)
    assert_facts_equal_live()


def test_a_day_of_changes_through_every_write_path_then_one_refresh(
    day, district_a, district_b, leader, staff_a
):
    a, b, month, today = day["a"], day["b"], day["month"], day["today"]
    branch_a, branch_b = PartyBranchFactory(unit=district_a), PartyBranchFactory(unit=district_b)
    leaver = MembershipFactory(branch=branch_b)
    mover = MembershipFactory(branch=branch_a)
    removed = MembershipFactory(branch=branch_b)
    facts.refresh()
    assert_facts_equal_live(users=[leader, staff_a])
    # created (ORM), closed (save), cancelled (queryset update)
    extra = VisitFactory(cadre=a[1], due_date=month + timedelta(days=3), occasion="hospital")
    done = Visit.objects.get(cadre=a[2])
    done.status, done.done_on = "done", today
    done.save()
    Visit.objects.filter(cadre=b[1]).update(status="cancelled", cancelled_reason="测试")
    # last month's planned visit turns overdue by the daily job (queryset update)
    last_month = (month - timedelta(days=1)).replace(day=1)
    VisitFactory(cadre=b[2], due_date=last_month, status="planned")
    jobs.run_job("visits_mark_overdue", on=today)
    # the daily generation (INSERT … SELECT) creates this period's routine calls
    jobs.run_job("visits_generate", on=today)
    # money: a pending row, then the batch paid (queryset update), an amount corrected
    pending = subsidy_paid(b[1], month=month, amount="88.00", paid=False)
    Payment.objects.filter(pk=pending.pk).update(status=Payment.Status.PAID)
    Payment.objects.filter(cadre=a[0]).update(amount=Decimal("310.00"))
    # the register: a cadre moves district (taking their visits), one dies, one is added
    a[3].unit = district_b
    a[3].save()
    b[2].status, b[2].deceased_on = Cadre.Status.DECEASED, today
    b[2].save()
    CadreFactory(unit=district_a, political_status="cpc")
    # 应统未统: a member joins (service), one leaves (queryset update), one is deleted (raw SQL),
    # a member of district A's branch is transferred into district B's, a cadre joins the party
    joiner = PartyMemberFactory(unit=district_a)
    membership_join(cadre=joiner, branch=branch_a, on=today)
    Membership.objects.filter(pk=leaver.pk).update(left_on=today, left_reason="测试")
    membership_move(membership=mover, to_branch=branch_b, on=today)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM branches_membership WHERE id = %s", [removed.pk])
    Cadre.objects.filter(pk=a[1].pk).update(political_status="cpc")
    assert unorganised(leader) != unorganised_members(leader).count()  # stale until refreshed
    assert fact_visits() != live_visits()  # stale until the refresh
    assert FactMark.objects.exists()
    # coverage: the relocated cadre's visit done (last year's date corrected to this year)
    relocated = Visit.objects.get(cadre=a[0], due_date=month)
    relocated.status, relocated.done_on = "done", today.replace(year=today.year - 1)
    relocated.save()
    Visit.objects.filter(pk=relocated.pk).update(done_on=today)
    taken = facts.refresh()
    assert taken > 0
    assert_facts_equal_live(users=[leader, staff_a])
    assert facts.coverage(leader, today.year)[0]["covered"] == 1
    assert extra.cadre.unit_id == district_a.pk
    # and nothing left: a second refresh does nothing
    assert facts.refresh() == 0
    assert_facts_equal_live()


def test_refresh_marks_only_what_a_statement_touched(day, district_a):
    FactMark.objects.all().delete()
    cadres = [CadreFactory(unit=district_a) for _ in range(20)]
    FactMark.objects.all().delete()
    Visit.objects.bulk_create(
        [
            Visit(
                cadre=c,
                occasion="routine",
                occasion_key=f"bulk:{c.pk}",
                title="t",
                due_date=day["month"],
            )
            for c in cadres
        ]
    )
    # one statement, twenty rows: one change of one slice (district_a, this month), no mark
    changes = ("unit_id", "month", "occasion", "status", "n")
    assert list(VisitChange.objects.values_list(*changes)) == [
        (district_a.pk, day["month"], "routine", "planned", 20)
    ]
    assert not FactMark.objects.exists()
    # an update that changes no counted column records nothing
    Visit.objects.filter(cadre__in=cadres).update(notes="电话已通")
    assert VisitChange.objects.count() == 1
    # twenty turn done: twenty leave 'planned', twenty join 'done', and the unit's coverage
    # (done visits) is marked for a recount
    Visit.objects.filter(cadre__in=cadres).update(status="done", done_on=day["today"])
    assert sorted(VisitChange.objects.values_list("status", "n")) == [
        ("done", 20),
        ("planned", -20),
        ("planned", 20),
    ]
    assert list(FactMark.objects.values_list("kind", "unit_id")) == [("coverage", district_a.pk)]
    # the refresh adds the changes (4 of them: 3 rows and the mark) and nothing else is redone
    assert facts.refresh() == 4
    assert not VisitChange.objects.exists()
    assert fact_visits() == live_visits()


def test_the_daily_run_records_changes_and_marks_no_coverage(day, district_a):
    """The generation (INSERT … SELECT) and the overdue marking (UPDATE) make no visit done:
    the refresh adds their changes and recounts no unit's coverage."""
    today = day["today"]
    last_month = (day["month"] - timedelta(days=1)).replace(day=1)
    VisitFactory(cadre=day["a"][1], due_date=last_month, status="planned")
    facts.refresh()
    jobs.run_job("visits_mark_overdue", on=today)
    jobs.run_job("visits_generate", on=today)
    assert VisitChange.objects.exists()
    assert not FactMark.objects.exists()
    assert facts.refresh() > 0
    assert_facts_equal_live()


def test_the_sections_read_the_facts_and_equal_their_drill_down_lists(
    day, client, leader, district_b
):
    a, month = day["a"], day["month"]
    Visit.objects.filter(cadre=a[0]).update(status="done", done_on=day["today"])
    client.force_login(leader)
    data = selectors.dashboard(user=leader, year=day["today"].year, today=day["today"])
    sections = {s["key"]: s for s in data["sections"]}
    kpis = {k["label"]: k["value"] for k in sections["visits"]["kpis"]}
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    live = Visit.objects.visible_to(leader).filter(due_date__range=(month, month_end))
    assert kpis["本月应访"] == live.exclude(status="cancelled").count() == 7
    assert kpis["本月已访"] == live.filter(status="done").count() == 1
    register = {k["label"]: k["value"] for k in sections["register"]["kpis"]}
    alive = Cadre.objects.visible_to(leader).alive()
    assert register["在册离退休干部"] == alive.count() == 7
    # the figure's drill-down list has as many rows as the figure says
    response = client.get(sections["register"]["kpis"][0]["url"])
    assert response.status_code == 200
    money = {k["label"]: k["value"] for k in sections["subsidies"]["kpis"]}
    assert money["本月发放"] == 420.5
    assert money["本月发放人次"] == 2
    # age bands sum to the register (whole months from the facts + edge months counted live)
    ages = next(t for t in sections["register"]["tables"] if t["title"] == "按年龄段")
    assert sum(row[1]["v"] for row in ages["rows"]) == alive.count()


def test_age_bands_are_exact_at_the_edge_day(district_a, leader):
    today = timezone.localdate()
    seventy = today.replace(year=today.year - 70)
    on_edge = CadreFactory(unit=district_a, birth_date=seventy)  # 70 today
    CadreFactory(unit=district_a, birth_date=seventy + timedelta(days=1))  # 69 until tomorrow
    CadreFactory(unit=district_a, birth_date=seventy - timedelta(days=40))  # 70
    facts.refresh()
    _, totals = facts.register_counts(
        leader,
        today=today,
        sensitive=False,
        child_of=selectors.child_of,
        prefix=leader.unit.path,
        extra={},
    )
    live_70s = Cadre.objects.visible_to(leader).alive().aged_between(70, 80, on=today)
    assert on_edge in live_70s
    assert totals["age_70_79"] == live_70s.count() == 2
    assert totals["age_60_69"] == 1


def test_masking_a_role_without_personal_data_gets_no_count_by_a_hidden_field(
    day, leader, district_a
):
    staff = UserFactory(username="staff_a_facts", role=Role.DISTRICT_STAFF, unit=district_a)
    assert not sees_sensitive(leader)
    assert sees_sensitive(staff)
    hidden = {"health_poor", "living_alone", "relocated", "hardship"}
    per_child, totals = facts.register_counts(
        leader,
        today=day["today"],
        sensitive=False,
        child_of=selectors.child_of,
        prefix=leader.unit.path,
        extra={},
    )
    assert not hidden & set(totals)
    assert all(not hidden & set(row) for row in per_child.values())
    section = selectors.register_section(
        leader, selectors.Window(year=day["today"].year, today=day["today"])
    )
    labels = [k["label"] for k in section["kpis"]]
    assert "易地安置" not in labels and "困难干部" not in labels
    # staff of district A see their district only, hidden fields included
    section = selectors.register_section(
        staff, selectors.Window(year=day["today"].year, today=day["today"])
    )
    kpis = {k["label"]: k["value"] for k in section["kpis"]}
    assert kpis["在册离退休干部"] == 4
    assert kpis["易地安置"] == 1
    assert kpis["困难干部"] == 0  # district B's hardship cadres are out of scope


def test_scope_a_district_sums_its_subtree_only(day, leader_a, district_a):
    from tests.factories import OrgUnitFactory

    street = OrgUnitFactory(name="东城街道", kind="township", parent=district_a)
    CadreFactory(unit=street)
    facts.refresh()
    window = selectors.Window(year=day["today"].year, today=day["today"])
    section = selectors.register_section(leader_a, window)
    total = {k["label"]: k["value"] for k in section["kpis"]}["在册离退休干部"]
    assert total == Cadre.objects.visible_to(leader_a).alive().count() == 5
    units = next(t for t in section["tables"] if t["title"] == "按单位（区县）")
    assert [row[0]["v"] for row in units["rows"]] == ["本级", "东城街道"]


def test_a_unit_moved_in_the_tree_moves_its_subtree_figures(day, district_a, district_b, leader_a):
    from tests.factories import OrgUnitFactory

    street = OrgUnitFactory(name="东城街道", kind="township", parent=district_a)
    CadreFactory(unit=street)
    facts.refresh()
    street.parent = district_b
    street.save()
    street.refresh_from_db()
    assert street.path.startswith(district_b.path)
    assert FactMark.objects.filter(kind="register", unit_id=None).exists()
    facts.refresh()
    assert_facts_equal_live()
    window = selectors.Window(year=day["today"].year, today=day["today"])
    section = selectors.register_section(leader_a, window)
    ages = next(t for t in section["tables"] if t["title"] == "按年龄段")
    assert sum(row[1]["v"] for row in ages["rows"]) == 4  # district A's own four


def test_a_page_view_leaves_a_big_backlog_to_the_frequent_job(day, monkeypatch):
    FactMark.objects.bulk_create([FactMark(kind="visit", unit_id=1, month=day["month"])] * 3)
    monkeypatch.setattr(facts, "REQUEST_MARKS", 2)
    monkeypatch.setattr(facts, "REQUEST_ROWS", -2)  # as if the visits table were big
    assert facts.refresh_if_cheap() == 0
    assert FactMark.objects.count() == 3
    monkeypatch.setattr(facts, "REQUEST_MARKS", 10)
    assert facts.refresh_if_cheap() == 3
    assert not FactMark.objects.exists()


def test_the_frequent_job_refreshes_before_the_cache_warm():
    names = [j.name for j in jobs.jobs(jobs.FREQUENT)]
    assert names.index("dashboard_facts_refresh") < names.index("dashboard_cache_warm")
