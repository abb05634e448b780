import pytest
from django.urls import reverse

from apps.branches.models import Attendance, BranchActivity

from .factories import MembershipFactory, PartyBranchFactory


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretary_logs_in_on_a_phone_and_records_an_activity_with_attendance(
    phone, live_server, secretary, district_a
):
    branch = PartyBranchFactory(
        name="东城区离退休干部第一党支部", unit=district_a, secretary=secretary
    )
    present, excused, absent = (MembershipFactory(branch=branch) for _ in range(3))
    page = phone
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", "secretary")
    page.fill("[name=password]", "portal-test-pass-1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/**")
    page.goto(live_server.url + reverse("branches:portal"))
    page.click(f"a[href='{reverse('branches:branch_detail', args=[branch.pk])}']")
    page.click("[data-testid=new-activity]")
    assert no_horizontal_scroll(page)
    page.select_option("[name=kind]", label="党小组会")
    page.fill("[name=topic]", "学习党的二十届四中全会精神")
    page.fill("[name=place]", "社区党群服务中心")
    page.click("[data-testid=all-present]")  # nobody starts marked
    page.check(f"[name=att_{excused.cadre_id}][value=excused]")
    page.fill(f"[name=reason_{excused.cadre_id}]", "住院治疗")
    page.check(f"[name=att_{absent.cadre_id}][value=absent]")
    page.fill(f"[name=reason_{absent.cadre_id}]", "外出探亲")
    page.click("[data-testid=save-activity]")
    page.wait_for_url("**/branches/activities/*/")
    assert "学习党的二十届四中全会精神" in page.inner_text("[data-testid=activity-title]")
    assert no_horizontal_scroll(page)
    activity = BranchActivity.objects.get()
    assert (activity.kind, activity.recorded_by_id) == ("group_meeting", secretary.pk)
    statuses = dict(Attendance.objects.values_list("cadre_id", "status"))
    assert statuses == {
        present.cadre_id: "present",
        excused.cadre_id: "excused",
        absent.cadre_id: "absent",
    }
