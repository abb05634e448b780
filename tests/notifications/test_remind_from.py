"""remind_from: reminders from a queryset in one INSERT … SELECT (issue 21)."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, IntegerField, Value
from django.db.models.functions import Cast, Concat
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.notifications.models import Reminder
from apps.notifications.services import remind_from
from tests.factories import UserFactory


def _remind(users, *, recipient="pk", key=None, subject=None, **extra) -> int:
    return remind_from(
        users,
        kind="test_kind",
        recipient=recipient,
        key=key or Concat(Value("test_kind:"), Cast("pk", CharField()), output_field=CharField()),
        subject=subject or Concat(Value("您好，"), F("username"), output_field=CharField()),
        **extra,
    )


def test_each_row_becomes_one_reminder_with_its_columns(staff_a, staff_b):
    users = User.objects.filter(pk__in=[staff_a.pk, staff_b.pk])
    created = _remind(
        users,
        target=User,
        due_on=Value(date(2026, 12, 1)),
        url=Concat(Value("/u/"), Cast("pk", CharField()), output_field=CharField()),
        body=Value("正文"),
    )
    assert created == 2
    reminder = Reminder.objects.get(recipient=staff_a)
    assert (reminder.kind, reminder.key, reminder.subject) == (
        "test_kind",
        f"test_kind:{staff_a.pk}",
        "您好，staff_a",
    )
    assert (reminder.url, reminder.body, reminder.due_on) == (
        f"/u/{staff_a.pk}",
        "正文",
        date(2026, 12, 1),
    )
    assert reminder.target_type == ContentType.objects.get_for_model(User)
    assert reminder.target == staff_a
    assert reminder.created_at is not None


def test_a_second_run_creates_nothing_and_changes_nothing(staff_a):
    users = User.objects.filter(pk=staff_a.pk)
    assert _remind(users) == 1
    Reminder.objects.update(subject="已改")
    assert _remind(users) == 0
    assert Reminder.objects.get().subject == "已改"


def test_one_reminder_per_recipient_and_key_even_when_rows_repeat_it(staff_a, staff_b):
    # Both users name staff_a as recipient with the same key: one reminder.
    users = User.objects.filter(pk__in=[staff_a.pk, staff_b.pk])
    created = _remind(users, recipient=Value(staff_a.pk), key=Value("test_kind:same"))
    assert created == 1
    assert Reminder.objects.get().recipient == staff_a


def test_rows_without_a_recipient_are_skipped(staff_a):
    users = User.objects.filter(pk=staff_a.pk)
    assert _remind(users, recipient=Cast(Value(None), IntegerField())) == 0
    assert not Reminder.objects.exists()


def test_a_long_subject_is_cut_to_the_field(staff_a):
    users = User.objects.filter(pk=staff_a.pk)
    _remind(users, subject=Value("长" * 300))
    assert Reminder.objects.get().subject == "长" * 200


def test_without_a_target_the_reminder_points_nowhere(staff_a):
    _remind(User.objects.filter(pk=staff_a.pk))
    reminder = Reminder.objects.get()
    assert (reminder.target_type_id, reminder.target_id, reminder.due_on, reminder.url) == (
        None,
        None,
        None,
        "",
    )


def test_one_statement_whatever_the_number_of_rows(district_a):
    UserFactory.create_batch(30, unit=district_a)
    with CaptureQueriesContext(connection) as ctx:
        created = _remind(User.objects.all(), target=User)
    assert created == User.objects.count()
    inserts = [q for q in ctx.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 1
    assert len(ctx.captured_queries) <= 4  # the insert, the content type, savepoint pair
