import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from apps.notifications.delivery import reminders_deliver, retry_delay
from apps.notifications.kinds import register_kind
from apps.notifications.models import Delivery, Preference, Reminder
from tests.concurrency import at_once

from .factories import ReminderFactory


@pytest.fixture
def email_only(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    return settings


@pytest.fixture
def webhook_server():
    """A local HTTP server on 127.0.0.1 recording what it receives; `fail` makes it answer 500."""
    received, state = [], {"fail": False}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state["fail"]:
                self.send_response(500)
            else:
                received.append(json.loads(body))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {
        "url": f"http://127.0.0.1:{server.server_port}/hook",
        "received": received,
        "state": state,
    }
    server.shutdown()
    server.server_close()


@pytest.fixture
def with_webhook(settings, webhook_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email", "webhook"]
    settings.REMINDER_WEBHOOK_URL = webhook_server["url"]
    settings.REMINDER_WEBHOOK_TIMEOUT = 2
    return webhook_server


def test_a_reminder_is_emailed_once_with_its_attempt_counted(email_only, staff_a):
    staff_a.email = "a@example.org"
    staff_a.save()
    reminder = ReminderFactory(recipient=staff_a, subject="走访提醒")
    assert reminders_deliver() == 1
    assert reminders_deliver() == 0
    assert len(mail.outbox) == 1 and "走访提醒" in mail.outbox[0].subject
    delivery = Delivery.objects.get(reminder=reminder)
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_the_webhook_channel_is_off_by_default(settings, staff_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ReminderFactory(recipient=staff_a)
    reminders_deliver()
    assert not Delivery.objects.filter(channel="webhook").exists()


def test_the_webhook_channel_posts_json_to_the_configured_url(with_webhook, staff_a):
    ReminderFactory(recipient=staff_a, subject="逾期提醒")
    reminders_deliver()
    assert [r["subject"] for r in with_webhook["received"]] == ["逾期提醒"]
    assert Delivery.objects.get(channel="webhook").status == "sent"


def test_a_failing_webhook_is_retried_with_back_off_and_email_still_goes(with_webhook, staff_a):
    staff_a.email = "a@example.org"
    staff_a.save()
    with_webhook["state"]["fail"] = True
    now = timezone.now()
    ReminderFactory(recipient=staff_a)
    reminders_deliver(now=now)
    hook = Delivery.objects.get(channel="webhook")
    assert (hook.status, hook.attempts) == ("failed", 1)
    assert hook.next_attempt_at == now + retry_delay(1)
    assert "HTTP" in hook.last_error or "500" in hook.last_error
    assert Delivery.objects.get(channel="email").status == "sent"
    # Not retried before its time; retried after, and delivered once the hook is back.
    reminders_deliver(now=now + timedelta(seconds=1))
    assert Delivery.objects.get(channel="webhook").attempts == 1
    with_webhook["state"]["fail"] = False
    reminders_deliver(now=now + retry_delay(1) + timedelta(seconds=1))
    hook.refresh_from_db()
    assert (hook.status, hook.attempts) == ("sent", 2)


def test_back_off_doubles_each_attempt(settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def test_a_reminder_no_longer_relevant_is_closed_instead_of_sent(email_only, staff_a):
    register_kind("test_irrelevant", "测试", still_relevant=lambda target: False)
    staff_a.email = "a@example.org"
    staff_a.save()
    reminder = ReminderFactory(recipient=staff_a, kind="test_irrelevant", target=staff_a)
    reminders_deliver()
    reminder.refresh_from_db()
    assert reminder.closed_at is not None
    assert mail.outbox == []
    assert Delivery.objects.get(reminder=reminder).status == "closed"


def test_a_stale_reminder_is_not_pushed_but_stays_in_the_inbox(email_only, staff_a):
    email_only.REMINDER_STALE_DAYS = 3
    staff_a.email = "a@example.org"
    staff_a.save()
    reminder = ReminderFactory(recipient=staff_a)
    Reminder.objects.filter(pk=reminder.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert reminders_deliver() == 0
    assert mail.outbox == []
    assert Reminder.objects.visible_to(staff_a).unread().filter(pk=reminder.pk).exists()


def test_a_recipient_without_email_is_skipped_not_retried(email_only, staff_a):
    ReminderFactory(recipient=staff_a)
    reminders_deliver()
    delivery = Delivery.objects.get(channel="email")
    assert delivery.status == "skipped" and "邮箱" in delivery.last_error


def test_a_delivery_stuck_in_sending_is_retried_after_the_lease(email_only, staff_a):
    staff_a.email = "a@example.org"
    staff_a.save()
    reminder = ReminderFactory(recipient=staff_a)
    now = timezone.now()
    Delivery.objects.create(
        reminder=reminder,
        channel="email",
        status="sending",
        attempts=1,
        claimed_at=now - timedelta(hours=1),
        next_attempt_at=now - timedelta(hours=1),
    )
    assert reminders_deliver(now=now) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_never_send_the_same_delivery(email_only, staff_a):
    staff_a.email = "a@example.org"
    staff_a.save()
    # One e-mail per reminder (no digest, no cap): 20 separate claims for the two to race on.
    Preference.objects.create(user=staff_a, channels=["email"], digest=False, daily_cap=0)
    ReminderFactory.create_batch(20, recipient=staff_a)
    counts, errors = at_once(reminders_deliver)
    assert errors == []
    assert sum(counts) == 20
    assert len(mail.outbox) == 20
    assert Delivery.objects.filter(status="sent", attempts=1).count() == 20


def test_delivery_is_registered_as_a_frequent_job():
    from apps.core import jobs

    assert "reminders_deliver" in [j.name for j in jobs.jobs(jobs.FREQUENT)]


def test_run_daily_jobs_with_frequent_delivers_reminders(email_only, staff_a):
    from django.core.management import call_command

    staff_a.email = "a@example.org"
    staff_a.save()
    ReminderFactory(recipient=staff_a)
    call_command("run_daily_jobs", "--frequent", "--only", "reminders_deliver")
    assert len(mail.outbox) == 1
