from datetime import date

from apps.branches.models import ComplianceRule
from apps.dashboard.selectors import party_section
from apps.dashboard.window import Window
from tests.branches.factories import BranchActivityFactory, PartyBranchFactory
from tests.branches.test_compliance import full_quarter


def _rate(section) -> tuple[str, object]:
    for item in section["kpis"]:
        if item["label"].startswith("三会一课达标率"):
            return item["label"], item["value"]
    raise AssertionError("no compliance rate")


def test_mid_quarter_the_rate_is_last_quarters_not_zero(leader_a, district_a):
    # the committee rule (monthly) the seeded rules carry; kept if a reused database lost them
    ComplianceRule.objects.get_or_create(
        kind="committee", defaults={"period": "month", "min_count": 1, "is_active": True}
    )
    branch = PartyBranchFactory(unit=district_a)
    full_quarter(branch, 7)  # the third quarter was met; nothing yet in the fourth
    BranchActivityFactory(branch=branch, kind="committee", held_on=date(2026, 10, 5))
    section = party_section(
        leader_a, Window(year=2026, today=date(2026, 11, 24)), party_members=0, unorganised=0
    )
    label, value = _rate(section)
    assert "2026年第3季度" in label
    assert float(value) == 100.0
    assert "进行中" in section["note"]
    in_progress = {row[0]["v"]: row[1]["v"] for row in section["tables"][0]["rows"]}
    assert in_progress["进行中"] == 1
    assert in_progress["未达标"] == 0
