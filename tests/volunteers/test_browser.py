import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.volunteers.models import ServiceRecord

from .factories import field_named, team_with_members


def _login(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_team_leader_marks_everyone_present_with_one_tap_on_a_phone(
    phone, live_server, district_a, team_leader
):
    team, members = team_with_members(district_a, leader=team_leader, n=4)
    field_named("政策宣讲")
    _login(phone.context, live_server, team_leader)
    page = phone
    page.goto(live_server.url + reverse("volunteers:activity_new") + f"?team={team.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("[name=title]", "红色故事会")
    page.fill("[name=place]", "社区党群服务中心")
    page.select_option("[name=field]", label="政策宣讲")
    page.fill("[name=beneficiaries]", "25")
    page.fill("[name=default_hours]", "2")
    page.click("[data-testid=mark-all]")
    page.fill(f"[name=h_{members[0].pk}]", "3.5")
    page.click("[data-testid=submit-activity]")
    page.wait_for_url("**/activities/*/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    hours = sorted(ServiceRecord.objects.values_list("hours", flat=True))
    assert [str(h) for h in hours] == ["2.0", "2.0", "2.0", "3.5"]
    for url in (
        reverse("volunteers:home"),
        reverse("volunteers:team_detail", args=[team.pk]),
        reverse("volunteers:volunteer_detail", args=[members[0].pk]),
    ):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
