"""适老化, measured: every page a secretary, a visiting staff member or a reader uses, on a
375px phone, passes axe-core (WCAG 2.2 A/AA) and our own size rules (tests/e2e/helpers.py)."""

from datetime import date

import pytest
from django.urls import reverse

from apps.publicity.models import Category
from tests.branches.factories import (
    AttendanceFactory,
    BranchActivityFactory,
    MembershipFactory,
    PartyBranchFactory,
    RectificationFactory,
)
from tests.factories import CadreFactory
from tests.publicity.factories import PublishedArticleFactory
from tests.services.factories import VisitFactory

from .helpers import audit, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_all(phone, live_server, pages):
    failures = {}
    for name, url in pages:
        phone.console_problems.clear()
        phone.goto(live_server.url + url)
        findings = audit(phone, live_server, name)
        bad = {
            k: v
            for k, v in findings.items()
            if (k == "scroll_width" and v > 375)
            or (k == "base_font_px" and v < 18)
            or (isinstance(v, list) and v)
        }
        if bad:
            failures[name] = bad
    return failures


def test_secretary_pages_pass_axe_and_the_size_rules_on_a_phone(
    phone, live_server, secretary, district_a
):
    branch = PartyBranchFactory(
        name="东城区离退休干部第一党支部", unit=district_a, secretary=secretary
    )
    members = [MembershipFactory(branch=branch) for _ in range(3)]
    activity = BranchActivityFactory(branch=branch, kind="theme_day", held_on=date(2026, 11, 5))
    for m in members:
        AttendanceFactory(activity=activity, cadre=m.cadre)
    RectificationFactory(branch=branch)
    login(phone, live_server, "secretary")
    pages = [
        ("secretary-home", reverse("core:home")),
        ("secretary-branches", reverse("branches:portal")),
        ("secretary-branch", reverse("branches:branch_detail", args=[branch.pk])),
        ("secretary-activity-new", reverse("branches:activity_create", args=[branch.pk])),
        ("secretary-activity", reverse("branches:activity_detail", args=[activity.pk])),
        ("secretary-birthdays", reverse("branches:birthdays", args=[branch.pk])),
        ("secretary-dues", reverse("branches:dues", args=[branch.pk])),
        ("secretary-rectifications", reverse("branches:rectification_list")),
        ("secretary-medal", reverse("branches:medal")),
        ("secretary-inbox", reverse("notifications:inbox")),
    ]
    assert _check_all(phone, live_server, pages) == {}


def test_staff_visit_and_register_pages_pass_axe_and_the_size_rules_on_a_phone(
    phone, live_server, staff_a, district_a
):
    CadreFactory.create_batch(5, unit=district_a)
    visit = VisitFactory(cadre__unit=district_a, assignee=staff_a, status="planned")
    login(phone, live_server, "staff_a")
    pages = [
        ("staff-home", reverse("core:home")),
        ("staff-visit", reverse("services:visit_detail", args=[visit.pk])),
        ("staff-my-visits", reverse("services:my_visits")),
        ("staff-cadre-list", reverse("cadres:list")),
    ]
    assert _check_all(phone, live_server, pages) == {}


def test_public_pages_pass_axe_and_the_size_rules_on_a_phone(phone, live_server, city):
    for category in Category.values:
        PublishedArticleFactory(category=category, source_unit=city)
    article = PublishedArticleFactory(source_unit=city, title="重阳节走访慰问离退休老干部")
    pages = [
        ("public-home", reverse("publicity:home")),
        ("public-article", reverse("publicity:article", args=[article.pk])),
        ("login", reverse("accounts:login")),
    ]
    assert _check_all(phone, live_server, pages) == {}
