"""The notification pages on a 375px phone, held to the e2e rules (axe-core, 18px, 44px
targets, no sideways scroll, no console or CSP error)."""

import pytest
from django.urls import reverse

from apps.notifications.delivery import reminders_deliver
from apps.notifications.kinds import register_kind
from apps.notifications.models import Preference
from tests.e2e.helpers import assert_passes, login

from .factories import ReminderFactory
from .test_channels import TOKEN, daytime

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inbox_digest_preferences_and_reports_pass_the_phone_rules(
    phone, live_server, staff_a, settings, provider
):
    settings.REMINDER_CHANNELS = ["inapp", "dingtalk"]
    settings.DINGTALK_WEBHOOK_URL = f"{provider.url}/robot/send?access_token={TOKEN}"
    register_kind("visit_due", "走访到期")
    Preference.objects.create(user=staff_a, channels=["dingtalk"])
    reminders = ReminderFactory.create_batch(12, recipient=staff_a, kind="visit_due")
    ReminderFactory(recipient=staff_a, kind="other", subject="单独的一条提醒")
    reminders_deliver(now=daytime())
    login(phone, live_server, "staff_a")
    pages = [
        ("notifications-inbox", reverse("notifications:inbox")),
        ("notifications-preferences", reverse("notifications:preferences")),
        ("notifications-deliveries", reverse("notifications:deliveries", args=[reminders[0].pk])),
        ("notifications-report", reverse("notifications:report")),
        ("notifications-test-notice", reverse("notifications:test_notice")),
    ]
    for name, url in pages:
        phone.console_problems.clear()
        phone.goto(live_server.url + url)
        assert_passes(phone, live_server, name)
    phone.goto(live_server.url + reverse("notifications:inbox"))
    phone.click("[data-testid=reminder-group] summary")
    assert phone.locator("[data-testid=reminder-group] .reminder-open").count() == 12
    assert_passes(phone, live_server, "notifications-inbox-group-open")
