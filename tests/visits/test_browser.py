from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Reminder
from apps.visits.models import Visit
from apps.visits.services import visits_remind
from tests.e2e.helpers import login

from .factories import VisitFactory


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_follows_an_overdue_reminder_and_records_the_visit_on_a_phone(
    phone, live_server, staff_a, district_a
):
    visit = VisitFactory(
        cadre__unit=district_a,
        cadre__name="张建国",
        assignee=staff_a,
        status="overdue",
        title="重阳节走访慰问（2026）",
        due_date=date(2026, 10, 18),
    )
    visits_remind(on=timezone.localdate())
    page = phone
    # The shared sign-in (the header's 大字 switch is a submit button too: click the form's own).
    login(page, live_server, "staff_a")
    page.goto(live_server.url + reverse("notifications:inbox"))
    assert no_horizontal_scroll(page)
    page.click("text=走访逾期：张建国")
    page.wait_for_url(f"**{reverse('visits:visit_detail', args=[visit.pk])}")
    assert no_horizontal_scroll(page)
    page.select_option("[name=form]", label="上门")
    page.fill("[name=visitors]", "王科长、李干事")
    page.fill("[name=money]", "500")
    page.fill("[name=gifts]", "米、油")
    page.click("#submit-id-submit")
    page.wait_for_selector("text=走访已登记。")
    assert "已完成" in page.inner_text("[data-testid=visit-status]")
    visit.refresh_from_db()
    assert (visit.status, visit.form, str(visit.money)) == (Visit.Status.DONE, "home", "500.00")
    assert Reminder.objects.get().closed_at is not None
    for name in ("visits:my_visits", "visits:calendar"):
        page.goto(live_server.url + reverse(name))
        assert no_horizontal_scroll(page), name
