"""A night's reminders of one kind arrive as one message, sent once however many workers run."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.notifications.delivery import reminders_deliver
from apps.notifications.kinds import register_kind
from apps.notifications.models import Delivery, Dispatch, Preference
from tests.concurrency import at_once

from .factories import ReminderFactory
from .test_channels import TOKEN, daytime, reach

pytestmark = pytest.mark.usefixtures("dingtalk")


@pytest.fixture
def dingtalk(settings, provider):
    settings.REMINDER_CHANNELS = ["inapp", "dingtalk"]
    settings.DINGTALK_WEBHOOK_URL = f"{provider.url}/robot/send?access_token={TOKEN}"
    settings.DINGTALK_SECRET = ""
    settings.REMINDER_DIGEST_MAX_LINES = 10
    return provider


def test_a_nights_97_reminders_of_one_kind_arrive_as_one_message(dingtalk, staff_a):
    register_kind("visit_due", "走访到期")
    reach(staff_a, "dingtalk")
    ReminderFactory.create_batch(97, recipient=staff_a, kind="visit_due")
    assert reminders_deliver(now=daytime()) == 97
    [seen] = dingtalk.received
    text = seen.json["markdown"]["text"]
    assert "走访到期汇总：97 条" in seen.json["markdown"]["title"]
    assert text.count("\n- ") == 11  # ten listed, then "另有 87 条"
    assert "另有 87 条" in text
    dispatch = Dispatch.objects.get()
    assert (dispatch.size, dispatch.outcome, dispatch.deliveries.count()) == (97, "sent", 97)
    assert Delivery.objects.filter(status="sent", attempts=1).count() == 97


def test_each_kind_is_its_own_digest_and_a_single_reminder_reads_as_itself(dingtalk, staff_a):
    register_kind("visit_due", "走访到期")
    register_kind("subsidy_ending", "补贴到期")
    reach(staff_a, "dingtalk")
    ReminderFactory.create_batch(3, recipient=staff_a, kind="visit_due")
    ReminderFactory(recipient=staff_a, kind="subsidy_ending", subject="张某护理费本月到期")
    reminders_deliver(now=daytime())
    titles = sorted(seen.json["markdown"]["title"] for seen in dingtalk.received)
    assert len(titles) == 2
    assert titles[0] == "张某护理费本月到期"
    assert titles[1].startswith("走访到期汇总：3 条")


def test_someone_who_turned_digests_off_gets_one_message_per_reminder(dingtalk, staff_a):
    reach(staff_a, "dingtalk", digest=False, daily_cap=0)
    ReminderFactory.create_batch(3, recipient=staff_a)
    assert reminders_deliver(now=daytime()) == 3
    assert len(dingtalk.received) == 3


def test_an_email_digest_is_one_email(settings, staff_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    staff_a.email = "a@example.org"
    staff_a.save()
    ReminderFactory.create_batch(5, recipient=staff_a, subject="走访提醒")
    assert reminders_deliver(now=daytime()) == 5
    assert len(mail.outbox) == 1
    assert "5 条" in mail.outbox[0].subject and mail.outbox[0].body.count("走访提醒") == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_send_a_digest_once(dingtalk, staff_a):
    Preference.objects.create(user=staff_a, channels=["dingtalk"])
    ReminderFactory.create_batch(40, recipient=staff_a)
    now = daytime()
    counts, errors = at_once(lambda: reminders_deliver(now=now))
    assert errors == []
    assert sorted(counts) == [0, 40]
    assert len(dingtalk.received) == 1
    assert Dispatch.objects.count() == 1 and Dispatch.objects.get().size == 40
    assert Delivery.objects.filter(status="sent", attempts=1).count() == 40


def test_the_inbox_groups_a_days_reminders_of_one_kind(client, staff_a):
    register_kind("visit_due", "走访到期")
    ReminderFactory.create_batch(40, recipient=staff_a, kind="visit_due")
    ReminderFactory(recipient=staff_a, kind="other", subject="单独一条")
    client.force_login(staff_a)
    response = client.get(reverse("notifications:inbox"))
    groups = response.context["groups"]
    visit = next(g for g in groups if g["kind"] == "visit_due")
    assert visit["total"] == 40 and visit["label"] == "走访到期"
    body = response.content.decode()
    assert body.count('data-testid="reminder-group"') == 1
    assert "共 40 条" in body and "单独一条" in body
    assert "?show=unread&amp;kind=visit_due&amp;day=" in body  # the rest of the 40, one click


def test_marking_a_group_read_leaves_the_others_unread(client, staff_a):
    from apps.notifications.selectors import unread_count

    ReminderFactory.create_batch(5, recipient=staff_a, kind="visit_due")
    ReminderFactory(recipient=staff_a, kind="other")
    client.force_login(staff_a)
    day = ReminderFactory._meta.model.objects.first().created_at
    from django.utils import timezone

    response = client.post(
        reverse("notifications:read_all"),
        {"kind": "visit_due", "day": timezone.localdate(day).isoformat()},
    )
    assert response.status_code == 302
    assert unread_count(user=staff_a) == 1


def test_an_inbox_filter_with_a_bad_day_is_ignored_not_a_500(client, staff_a):
    ReminderFactory(recipient=staff_a)
    client.force_login(staff_a)
    response = client.get(reverse("notifications:inbox"), {"day": "2026-13-45", "kind": "x" * 80})
    assert response.status_code == 200
