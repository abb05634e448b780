"""The portal as its users meet it, on a 375px phone. Every page on the way is held to the
e2e rules (tests/e2e/helpers.py: axe-core WCAG 2.2 A/AA, no sideways scroll, 18px base font,
44x44 px targets, no console or CSP errors); screenshots land in test-artifacts/."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.branches.models import Attendance, BranchActivity
from apps.cadres.models import Cadre
from apps.publicity.models import Category
from apps.visits.models import Occasion, Visit, VisitRule
from apps.volunteers.models import VolunteerActivity
from tests.branches.factories import MembershipFactory, PartyBranchFactory, RectificationFactory
from tests.factories import make_id_number
from tests.publicity.factories import PublishedArticleFactory
from tests.seeds import run_services_seed
from tests.visits.factories import VisitFactory
from tests.volunteers.factories import field_named, team_with_members

from .helpers import assert_passes, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(page, live_server, name: str, url: str) -> None:
    page.console_problems.clear()
    page.goto(live_server.url + url)
    assert_passes(page, live_server, name)


def test_secretary_records_a_theme_party_day_with_attendance_on_a_phone(
    phone, live_server, secretary, district_a
):
    branch = PartyBranchFactory(
        name="东城区离退休干部第一党支部", unit=district_a, secretary=secretary
    )
    present, excused = (MembershipFactory(branch=branch) for _ in range(2))
    RectificationFactory(branch=branch)
    login(phone, live_server, "secretary")
    assert_passes(phone, live_server, "secretary-home")
    # 大字 mode from here on (remembered on the device): every later page is checked in it.
    phone.click(".navbar-toggler")
    phone.click("[data-font-toggle]")
    assert phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 21
    visit(phone, live_server, "secretary-branches", reverse("branches:portal"))
    phone.click(f"main a[href='{reverse('branches:branch_detail', args=[branch.pk])}']")
    assert_passes(phone, live_server, "secretary-branch")
    phone.click("[data-testid=new-activity]")
    assert_passes(phone, live_server, "secretary-activity-form")
    phone.select_option("[name=kind]", label="主题党日")
    phone.fill("[name=topic]", "重温入党誓词")
    phone.fill("[name=place]", "社区党群服务中心")
    phone.click("[data-testid=all-present]")  # nobody starts marked
    phone.check(f"[name=att_{excused.cadre_id}][value=excused]")
    phone.fill(f"[name=reason_{excused.cadre_id}]", "住院治疗")
    phone.click("[data-testid=save-activity]")
    phone.wait_for_url("**/branches/activities/*/")
    assert "重温入党誓词" in phone.inner_text("[data-testid=activity-title]")
    assert_passes(phone, live_server, "secretary-activity")
    activity = BranchActivity.objects.get()
    assert activity.get_kind_display() == "主题党日"
    assert dict(Attendance.objects.values_list("cadre_id", "status")) == {
        present.cadre_id: "present",
        excused.cadre_id: "excused",
    }
    for name, url in [
        ("secretary-birthdays", reverse("branches:birthdays", args=[branch.pk])),
        ("secretary-dues", reverse("branches:dues", args=[branch.pk])),
        ("secretary-rectifications", reverse("branches:rectification_list")),
        ("secretary-medal", reverse("branches:medal")),
        ("secretary-inbox", reverse("notifications:inbox")),
    ]:
        visit(phone, live_server, name, url)
    # Withdrawing (撤回, with a reason; records are never deleted) asks first (data-confirm, no
    # inline handler under the CSP): "cancel" keeps the record and leaves the button usable;
    # "OK" withdraws it: gone from the lists, kept in the database with the reason.
    phone.goto(live_server.url + reverse("branches:activity_detail", args=[activity.pk]))
    phone.get_by_placeholder("撤回原因（必填）").fill("重复录入")
    withdraw = phone.locator("form[data-confirm] button", has_text="撤回")
    phone.once("dialog", lambda dialog: dialog.dismiss())
    withdraw.click()
    assert BranchActivity.objects.filter(pk=activity.pk).exists()
    assert withdraw.is_enabled()
    phone.once("dialog", lambda dialog: dialog.accept())
    withdraw.click()
    phone.wait_for_url(f"**{reverse('branches:branch_detail', args=[branch.pk])}")
    assert not BranchActivity.objects.filter(pk=activity.pk).exists()
    assert BranchActivity.all_objects.get(pk=activity.pk).withdrawn_reason == "重复录入"


def _visit_rules_present():
    # Seeded by a data migration; put back if a flush elsewhere removed them (get_or_create).
    if not VisitRule.objects.exists():
        run_services_seed("0002_seed_visit_rules")


def test_staff_adds_a_cadre_and_a_hospitalisation_and_finds_the_visit_after_the_daily_jobs(
    phone, live_server, staff_a, district_a
):
    _visit_rules_present()
    today = timezone.localdate()
    login(phone, live_server, "staff_a")
    visit(phone, live_server, "staff-cadre-list", reverse("cadres:list"))
    phone.click(f"main a[href='{reverse('cadres:create')}']")
    assert_passes(phone, live_server, "staff-cadre-form")
    birth = date(1941, 3, 12)
    phone.fill("[name=name]", "周德明")
    phone.select_option("[name=gender]", "M")
    phone.fill("[name=birth_date]", birth.isoformat())
    phone.fill("[name=id_number]", make_id_number(birth, "M"))
    phone.fill("[name=phone]", "13912345678")
    phone.fill("[name=address]", "东城区人民路 8 号")
    phone.select_option("[name=unit]", str(district_a.pk))
    phone.fill("[name=original_employer]", "市水利局")
    phone.fill("[name=original_post]", "副局长")
    phone.select_option("[name=retirement_kind]", Cadre.RetirementKind.TUIXIU)
    phone.fill("[name=retirement_date]", "2001-03-01")
    phone.select_option("[name=rank]", Cadre.Rank.COUNTY)
    phone.select_option("[name=political_status]", Cadre.Political.MASSES)
    phone.click("main button[type=submit]")
    phone.wait_for_selector("text=登记住院")
    cadre = Cadre.objects.get(name="周德明")
    assert cadre.unit_id == district_a.pk
    assert_passes(phone, live_server, "staff-cadre-detail")
    phone.click("text=登记住院")
    assert_passes(phone, live_server, "staff-hospitalisation-form")
    # Admitted three days ago: the 生病住院 rule's visit falls due today, inside "this week".
    phone.fill("[name=hospital]", "市第一人民医院")
    phone.fill("[name=admitted_on]", (today - timedelta(days=3)).isoformat())
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"**{reverse('cadres:detail', args=[cadre.pk])}")
    assert cadre.hospitalizations.count() == 1

    call_command("run_daily_jobs", date=today.isoformat())

    visit(phone, live_server, "staff-my-visits", reverse("visits:my_visits"))
    week = phone.inner_text("[data-testid=week-list]")
    assert "周德明" in week and "住院探望：市第一人民医院" in week
    hospital_visit = Visit.objects.get(cadre=cadre, occasion=Occasion.HOSPITAL)
    assert (hospital_visit.assignee_id, hospital_visit.status) == (staff_a.pk, "planned")
    phone.click("[data-testid=week-list] >> text=周德明")
    phone.wait_for_url(f"**{reverse('visits:visit_detail', args=[hospital_visit.pk])}")
    assert_passes(phone, live_server, "staff-visit-recording")


def test_a_reader_opens_the_public_site_and_reads_an_article_on_a_phone(phone, live_server, city):
    for category in Category.values:
        PublishedArticleFactory(category=category, source_unit=city)
    article = PublishedArticleFactory(
        source_unit=city, category=Category.WORK, title="重阳节走访慰问离退休老干部"
    )
    visit(phone, live_server, "public-home", reverse("publicity:home"))
    phone.click(f"main a[href='{reverse('publicity:article', args=[article.pk])}']")
    phone.wait_for_selector("h1.news-article-title")
    assert phone.inner_text("h1") == "重阳节走访慰问离退休老干部"
    assert_passes(phone, live_server, "public-article")
    phone.fill("[name=q]", "重阳节")
    phone.press("[name=q]", "Enter")
    phone.wait_for_url("**/news/search/**")
    assert "重阳节走访慰问离退休老干部" in phone.inner_text("main")
    assert_passes(phone, live_server, "public-search")
    visit(phone, live_server, "login", reverse("accounts:login"))


def test_a_team_leader_records_a_volunteer_activity_on_a_phone(
    phone, live_server, team_leader, district_a
):
    team, members = team_with_members(district_a, leader=team_leader, n=2)
    field_named("政策宣讲")
    login(phone, live_server, "team_leader")
    visit(phone, live_server, "team-leader-volunteers", reverse("volunteers:home"))
    visit(phone, live_server, "team-leader-activity-form", reverse("volunteers:activity_new"))
    phone.fill("[name=title]", "政策宣讲进社区")
    phone.fill("[name=place]", "人民路社区")
    phone.select_option("[name=field]", label="政策宣讲")
    phone.fill("[name=beneficiaries]", "30")
    phone.click("[data-testid=mark-all]")
    phone.click("[data-testid=submit-activity]")
    phone.wait_for_url("**/volunteers/activities/*/")
    assert_passes(phone, live_server, "team-leader-activity")
    activity = VolunteerActivity.objects.get()
    assert (activity.team_id, activity.records.count()) == (team.pk, 2)


def test_a_leader_opens_the_dashboard_on_a_phone_and_drills_down_to_visits(
    phone, live_server, leader_a, district_a
):
    _visit_rules_present()
    today = timezone.localdate()
    VisitFactory(cadre__unit=district_a, status="done", due_date=today, done_on=today)
    VisitFactory(cadre__unit=district_a, status="planned", due_date=today)
    VisitFactory(cadre__unit=district_a, status="overdue", due_date=today - timedelta(days=9))
    login(phone, live_server, "leader_a")
    visit(phone, live_server, "leader-dashboard", reverse("dashboard:index"))
    phone.click(f"main a[href^='{reverse('dashboard:visits')}']")
    phone.wait_for_url(f"**{reverse('dashboard:visits')}**")
    assert_passes(phone, live_server, "leader-visits-drill")
