"""Visit reminders in one INSERT … SELECT (issue 21): the same rows as the per-row path before."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notifications.models import Reminder
from apps.notifications.services import ReminderSpec, remind_many
from apps.visits.models import Visit, VisitRule
from apps.visits.services import reminders, visits_remind
from tests.factories import CadreFactory, UserFactory

from .factories import CampaignFactory, VisitFactory

ON = date(2026, 11, 24)
COLUMNS = ("recipient_id", "kind", "key", "subject", "body", "url", "target_type_id")
COLUMNS += ("target_id", "due_on", "closed_at", "read_at")


def per_row_path(*, on: date) -> int:
    """The path before issue 21, kept here as the reference: a ReminderSpec per visit, built
    in Python, handed to remind_many."""
    window = reminders.Q(
        campaign__isnull=False,
        due_date__range=(on, on + timedelta(reminders.campaign_notice_days())),
    )
    for rule_id, notice in VisitRule.objects.filter(remind_assignee=True).values_list(
        "pk", "notice_days"
    ):
        window |= reminders.Q(rule_id=rule_id, due_date__range=(on, on + timedelta(days=notice)))
    base = Visit.objects.filter(assignee__isnull=False).order_by()
    due = base.filter(window, status=Visit.Status.PLANNED)
    overdue = base.filter(status=Visit.Status.OVERDUE).filter(
        reminders.Q(rule__isnull=True) | reminders.Q(rule__remind_assignee=True)
    )
    specs = []
    for kind, qs in ((reminders.KIND_DUE, due), (reminders.KIND_OVERDUE, overdue)):
        rows = qs.values_list("pk", "assignee_id", "due_date", "title", "cadre__name")
        for pk, assignee_id, due_on, title, name in rows:
            if kind == reminders.KIND_DUE:
                subject = f"走访提醒：{name}·{title}，请于{due_on.month}月{due_on.day}日前完成"
            else:
                subject = f"走访逾期：{name}·{title}，应于{due_on.month}月{due_on.day}日完成"
            specs.append(
                ReminderSpec(
                    recipient_id=assignee_id,
                    kind=kind,
                    key=f"{kind}:{pk}",
                    subject=subject,
                    due_on=due_on,
                    target=Visit(pk=pk),
                    url=reverse("visits:visit_detail", args=[pk]),
                )
            )
    return remind_many(specs)


def rows_made_by(path) -> tuple[int, set]:
    """Run one path in a savepoint, read what it made, roll it back."""
    with transaction.atomic():
        before = set(Reminder.objects.values_list("pk", flat=True))
        created = path(on=ON)
        made = set(Reminder.objects.exclude(pk__in=before).values_list(*COLUMNS))
        transaction.set_rollback(True)
    return created, made


@pytest.fixture
def mixed_visits(district_a, district_b, staff_a, staff_b):
    """Every case visits_remind tells apart, in two districts."""
    birthday = VisitRule.objects.get(code="birthday")  # reminds, notice 14 days
    silent = VisitRule.objects.filter(remind_assignee=False).first()
    if silent is None:
        silent = VisitRule.objects.exclude(code="birthday").first()
        silent.remind_assignee = False
        silent.save(update_fields=["remind_assignee"])
    long_name = "欧阳" * 30
    made = [
        VisitFactory(cadre__unit=district_a, rule=birthday, assignee=staff_a, due_date=ON),
        VisitFactory(
            cadre__unit=district_b, rule=birthday, assignee=staff_b, due_date=date(2026, 12, 8)
        ),
        VisitFactory(  # beyond the notice days: not yet
            cadre__unit=district_a, rule=birthday, assignee=staff_a, due_date=date(2026, 12, 9)
        ),
        VisitFactory(cadre__unit=district_a, rule=birthday, assignee=None, due_date=ON),
        VisitFactory(cadre__unit=district_a, rule=silent, assignee=staff_a, due_date=ON),
        VisitFactory(cadre__unit=district_a, rule=silent, assignee=staff_a, status="overdue"),
        VisitFactory(cadre__unit=district_a, rule=None, assignee=staff_a, status="overdue"),
        VisitFactory(cadre__unit=district_b, rule=birthday, assignee=staff_b, status="overdue"),
        VisitFactory(  # a subject past 200 characters is cut, as before
            cadre=CadreFactory(unit=district_a, name=long_name[:50]),
            title="长" * 100,
            rule=birthday,
            assignee=staff_a,
            due_date=ON + timedelta(days=3),
        ),
        VisitFactory(
            cadre__unit=district_a,
            rule=birthday,
            assignee=staff_a,
            status="done",
            done_on=ON,
            due_date=ON,
        ),
        VisitFactory(
            cadre__unit=district_a, rule=birthday, assignee=staff_a, status="cancelled", due_date=ON
        ),
    ]
    campaign = CampaignFactory(unit=district_a)
    made.append(
        VisitFactory(
            cadre__unit=district_a, campaign=campaign, assignee=staff_a, due_date=ON + timedelta(3)
        )
    )
    return made


def test_the_set_based_path_makes_the_same_reminders_as_the_per_row_path(mixed_visits):
    old_count, old_rows = rows_made_by(per_row_path)
    new_count, new_rows = rows_made_by(visits_remind)
    assert old_count == new_count == len(old_rows) == 6
    assert new_rows == old_rows


def test_already_reminded_visits_stay_as_they_were_in_both_paths(mixed_visits, staff_a):
    visits_remind(on=ON)
    Reminder.objects.filter(recipient=staff_a).update(subject="改过的标题")
    assert rows_made_by(per_row_path) == (0, set())
    assert rows_made_by(visits_remind) == (0, set())
    assert set(Reminder.objects.filter(recipient=staff_a).values_list("subject", flat=True)) == {
        "改过的标题"
    }


def test_the_subject_and_link_read_as_before(district_a, staff_a):
    cadre = CadreFactory(unit=district_a, name="张建国")
    rule = VisitRule.objects.get(code="birthday")
    due = VisitFactory(cadre=cadre, rule=rule, assignee=staff_a, title="八十寿辰", due_date=ON)
    late = VisitFactory(
        cadre=cadre,
        assignee=staff_a,
        title="日常走访",
        status="overdue",
        due_date=date(2026, 10, 5),
    )
    assert visits_remind(on=ON) == 2
    by_kind = {r.kind: r for r in Reminder.objects.all()}
    assert by_kind["visit_due"].subject == "走访提醒：张建国·八十寿辰，请于11月24日前完成"
    assert by_kind["visit_overdue"].subject == "走访逾期：张建国·日常走访，应于10月5日完成"
    assert by_kind["visit_due"].url == due.get_absolute_url()
    assert by_kind["visit_due"].target == due
    assert by_kind["visit_overdue"].target == late


def test_subjects_carry_no_id_number_or_phone(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    VisitFactory(cadre=cadre, assignee=staff_a, status="overdue")
    visits_remind(on=ON)
    subject = Reminder.objects.get().subject
    assert cadre.name in subject
    assert cadre.id_number not in subject and cadre.id_number[-4:] not in subject
    assert cadre.phone not in subject


def test_a_second_run_creates_nothing(mixed_visits):
    assert visits_remind(on=ON) == 6
    assert visits_remind(on=ON) == 0
    assert Reminder.objects.count() == 6


def _queries(on: date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        visits_remind(on=on)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_visits(district_a, staff_a):
    VisitFactory.create_batch(2, cadre__unit=district_a, assignee=staff_a, status="overdue")
    with transaction.atomic():
        few = _queries(ON)
        transaction.set_rollback(True)
    VisitFactory.create_batch(40, cadre__unit=district_a, assignee=staff_a, status="overdue")
    other = UserFactory(role=staff_a.role, unit=district_a)
    VisitFactory.create_batch(10, cadre__unit=district_a, assignee=other, status="overdue")
    many = _queries(ON)
    assert Reminder.objects.count() == 52
    assert many == few
    assert many <= 8
