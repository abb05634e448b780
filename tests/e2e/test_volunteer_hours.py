"""Team leaders: ticking a volunteer on the activity form fills the default hours into their box at
once, with a visible note; unticking empties it; hours typed by hand are kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.volunteers.models import ServiceRecord, VolunteerActivity
from tests.volunteers.factories import field_named, team_with_members

from .helpers import assert_passes, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ticking_a_volunteer_fills_the_default_hours_visibly(
    phone, live_server, team_leader, district_a
):
    team, (first, second, third) = team_with_members(district_a, leader=team_leader, n=3)
    field_named("政策宣讲")
    login(phone, live_server, "team_leader")
    phone.goto(live_server.url + reverse("volunteers:activity_new"))
    phone.fill("[name=default_hours]", "2.5")
    phone.check(f"[name=p_{first.pk}]")
    assert phone.input_value(f"[name=h_{first.pk}]") == "2.5"
    row = phone.locator(".vol-participant", has=phone.locator(f"[name=h_{first.pk}]"))
    assert "已按默认时长填入 2.5 小时" in row.inner_text()
    assert_passes(phone, live_server, "team-leader-hours-filled")
    # The default changed: the box it filled follows; a box typed by hand does not.
    phone.check(f"[name=p_{second.pk}]")
    phone.fill(f"[name=h_{second.pk}]", "4")
    phone.fill("[name=default_hours]", "3")
    assert phone.input_value(f"[name=h_{first.pk}]") == "3"
    assert phone.input_value(f"[name=h_{second.pk}]") == "4"
    # Unticking empties what the tick filled.
    phone.check(f"[name=p_{third.pk}]")
    phone.uncheck(f"[name=p_{third.pk}]")
    assert phone.input_value(f"[name=h_{third.pk}]") == ""
    phone.fill("[name=title]", "政策宣讲进社区")
    phone.fill("[name=place]", "人民路社区")
    phone.select_option("[name=field]", label="政策宣讲")
    phone.fill("[name=beneficiaries]", "30")
    phone.click("[data-testid=submit-activity]")
    phone.wait_for_url("**/volunteers/activities/*/")
    activity = VolunteerActivity.objects.get(team=team)
    hours = dict(
        ServiceRecord.objects.filter(activity=activity).values_list("volunteer_id", "hours")
    )
    assert hours == {first.pk: Decimal("3"), second.pk: Decimal("4")}
