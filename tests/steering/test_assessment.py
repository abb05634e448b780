"""Assessment rubric as data, scores from the task list and the portal's metrics, ranking, export,
and the 六好 steps 自评 -> 推荐 -> 复核命名 (who/when, the right role for each step)."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from apps.core.metrics import metric_choices, metric_value
from apps.steering import services
from apps.steering.models import AssessmentEntry, RubricItem, TaskAssignment
from tests.branches.factories import BranchActivityFactory, MembershipFactory, PartyBranchFactory

from .factories import (
    AssignmentFactory,
    EntryFactory,
    RoundFactory,
    RubricFactory,
    RubricItemFactory,
    TaskItemFactory,
    TaskListFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(city, district_a, district_b):
    """A list with two items for both districts; A earned 15 of 20, B 5 of 20."""
    task_list = TaskListFactory(unit=city)
    items = [TaskItemFactory(task_list=task_list, weight=Decimal("10")) for _ in range(2)]
    for unit, scores in ((district_a, ("10", "5")), (district_b, ("5", None))):
        for item, score in zip(items, scores, strict=True):
            AssignmentFactory(
                item=item,
                unit=unit,
                status=TaskAssignment.Status.ACCEPTED if score else TaskAssignment.Status.OPEN,
                score=Decimal(score) if score else None,
            )
    rubric = RubricFactory(unit=city)
    RubricItemFactory(
        rubric=rubric, code="01", points=Decimal("60"), source=RubricItem.Source.TASK_LIST
    )
    RubricItemFactory(
        rubric=rubric,
        code="02",
        points=Decimal("30"),
        source=RubricItem.Source.METRIC,
        metric="branches.compliance",
    )
    RubricItemFactory(rubric=rubric, code="03", points=Decimal("5"), kind=RubricItem.Kind.BONUS)
    RubricItemFactory(
        rubric=rubric, code="04", points=Decimal("10"), kind=RubricItem.Kind.DEDUCTION
    )
    rnd = RoundFactory(rubric=rubric, task_list=task_list, year=2026)
    return {
        "round": rnd,
        "a": EntryFactory(round=rnd, unit=district_a),
        "b": EntryFactory(round=rnd, unit=district_b),
    }


def test_the_branches_metric_is_registered_and_reads_the_compliance_report(district_a):
    assert ("branches.compliance", "三会一课达标率（%）") in metric_choices()
    assert metric_value("branches.compliance", unit=district_a, year=2026) is None  # no branch
    branch = PartyBranchFactory(unit=district_a)
    MembershipFactory(branch=branch)
    # Q1 2026 has every meeting the seeded rules ask for; the other ended quarters have none.
    for kind, months in (
        ("general_meeting", [1]),
        ("lecture", [1]),
        ("committee", [1, 2, 3]),
        ("group_meeting", [1, 2, 3]),
    ):
        for month in months:
            BranchActivityFactory(branch=branch, kind=kind, held_on=date(2026, month, 10))
    # 2026's ended quarters as of today (December 2026): Q1-Q3; one of three met every rule.
    assert metric_value("branches.compliance", unit=district_a, year=2026) == 33.3
    assert metric_value("no.such.metric", unit=district_a, year=2026) is None


def test_scores_come_from_the_task_list_metrics_and_self_scores(scene):
    a, b = scene["a"], scene["b"]
    services.entry_self_assess(
        entry=a, by=None, scores={i.pk: v for i, v in zip(_manual(scene), (3, 2), strict=True)}
    )
    a.refresh_from_db()
    # 60 × 15/20 = 45; no branch: no metric data (0); bonus 3; deduction −2 → 46.
    assert a.total == Decimal("46.00")
    basis = dict(a.scores.values_list("item__code", "basis"))
    assert basis["01"] == "任务清单得分率 75.00%"
    assert "无数据" in basis["02"]
    services.entry_compute(entry=b)
    b.refresh_from_db()
    assert b.total == Decimal("15.00")  # 60 × 5/20


def _manual(scene):
    return [
        i for i in services.leaves(scene["round"].rubric) if i.source == RubricItem.Source.MANUAL
    ]


def test_a_self_score_above_its_points_is_refused_and_nothing_moves(scene):
    bonus, _ = _manual(scene)
    with pytest.raises(services.ValidationError) as exc:
        services.entry_self_assess(entry=scene["a"], by=None, scores={bonus.pk: 6})
    assert "不能超过本项分值" in str(exc.value)
    scene["a"].refresh_from_db()
    assert scene["a"].status == AssessmentEntry.Status.DRAFT


def test_the_ranking_the_export_and_the_recompute(client, scene, bureau_staff, staff_b):
    services.round_compute(round=scene["round"])
    client.force_login(bureau_staff)
    page = client.get(reverse("steering:round_detail", args=[scene["round"].pk]))
    assert [(e.unit.name, e.rank) for e in page.context["entries"]] == [
        ("东城区", 1),
        ("西城区", 2),
    ]
    export = client.get(reverse("steering:round_export", args=[scene["round"].pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("名次", "单位", "参评对象", "状态", "总分")
    assert [(r[0], r[1], r[4]) for r in rows[1:]] == [(1, "东城区", 45), (2, "西城区", 15)]
    # A district sees its own row with its place in the whole round, not the others' rows.
    client.force_login(staff_b)
    page = client.get(reverse("steering:round_detail", args=[scene["round"].pk]))
    assert [(e.unit.name, e.rank) for e in page.context["entries"]] == [("西城区", 2)]
    assert (
        client.post(reverse("steering:round_compute", args=[scene["round"].pk])).status_code == 403
    )
    client.force_login(bureau_staff)
    response = client.post(reverse("steering:round_compute", args=[scene["round"].pk]))
    assert response.status_code == 302


def step(client, entry, name, **data):
    return client.post(reverse("steering:entry_step", args=[entry.pk, name]), data)


def test_six_good_moves_self_assess_recommend_review_each_by_its_role(
    client, city, district_a, staff_a, bureau_staff, leader_a
):
    rubric = RubricFactory(unit=city, kind="six_good")
    parent = RubricItemFactory(rubric=rubric, code="1", title="组织设置好")
    sub = RubricItemFactory(rubric=rubric, code="1.1", parent=parent, points=Decimal("5"))
    entry = EntryFactory(round=RoundFactory(rubric=rubric), unit=district_a, candidate="第一支部")
    # The city bureau may not self-assess or recommend; leadership moves nothing.
    client.force_login(bureau_staff)
    assert step(client, entry, "self_assess", **{f"item_{sub.pk}": "4"}).status_code == 403
    client.force_login(leader_a)
    assert step(client, entry, "recommend").status_code == 403
    client.force_login(staff_a)
    assert step(client, entry, "review", named="1").status_code == 403
    # Out of order: recommend before self-assessment is refused with a message.
    step(client, entry, "recommend")
    entry.refresh_from_db()
    assert entry.status == AssessmentEntry.Status.DRAFT
    bad = step(client, entry, "self_assess", **{f"item_{sub.pk}": "9"})
    assert bad.status_code == 400
    assert step(client, entry, "self_assess", **{f"item_{sub.pk}": "4"}).status_code == 302
    assert step(client, entry, "recommend").status_code == 302
    client.force_login(bureau_staff)
    assert step(client, entry, "review", named="0").status_code == 302  # needs a note
    entry.refresh_from_db()
    assert entry.status == AssessmentEntry.Status.RECOMMENDED
    step(client, entry, "review", named="1", note="予以命名")
    entry.refresh_from_db()
    assert entry.status == AssessmentEntry.Status.NAMED and entry.total == Decimal("4.00")
    assert entry.self_assessed_by == staff_a and entry.recommended_by == staff_a
    assert entry.reviewed_by == bureau_staff and entry.reviewed_at is not None
    assert step(client, entry, "unknown").status_code == 404


def test_another_district_cannot_open_or_move_an_entry(client, scene, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("steering:entry_detail", args=[scene["a"].pk])).status_code == 404
    assert step(client, scene["a"], "recommend").status_code == 404


def test_a_changed_self_score_keeps_its_earlier_value_in_the_history(scene):
    bonus, deduction = _manual(scene)
    services.entry_self_assess(entry=scene["a"], by=None, scores={bonus.pk: 3, deduction.pk: 0})
    services.entry_self_assess(entry=scene["a"], by=None, scores={bonus.pk: 5, deduction.pk: 0})
    score = scene["a"].scores.get(item=bonus)
    assert score.self_score == Decimal("5.00")
    assert {h.self_score for h in score.history.all()} == {Decimal("3.00"), Decimal("5.00")}
