from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.cadres.models import Cadre
from apps.visits.models import Campaign, Visit
from apps.visits.selectors import visits_for_cadre
from tests.factories import CadreFactory

from .factories import CampaignFactory, VisitFactory


def _record(client, visit, **overrides):
    data = {
        "done_on": timezone.localdate().isoformat(),
        "form": "home",
        "visitors": "王科长",
        "notes": "身体尚好",
        "money": "500.00",
        "gifts": "米、油",
    }
    data.update(overrides)
    return client.post(reverse("visits:visit_detail", args=[visit.pk]), data)


def test_recording_a_visit_marks_it_done_with_money_in_yuan(client, staff_a, district_a):
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    response = _record(client, visit)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.money, visit.form, visit.recorded_by) == (
        "done",
        Decimal("500.00"),
        "home",
        staff_a,
    )


def test_a_done_date_in_the_future_is_refused_and_nothing_saved(client, staff_a, district_a):
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _record(client, visit, done_on=tomorrow.isoformat())
    assert "走访日期不能晚于今天。" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_a_negative_amount_is_refused_and_nothing_saved(client, staff_a, district_a):
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    response = _record(client, visit, money="-1")
    assert "慰问金不能为负数。" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_recording_a_visit_for_a_cadre_outside_my_scope_is_a_404(client, staff_a, district_b):
    visit = VisitFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    assert _record(client, visit).status_code == 404
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_a_secretary_gets_403_for_visit_pages(client, secretary, district_a):
    # The role may not use visit pages (403, issue 15's one rule), whether or not the visit is
    # in the secretary's unit: the gate comes before the lookup, so nothing is told about it.
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(secretary)
    response = client.get(reverse("visits:visit_detail", args=[visit.pk]))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    assert client.get(reverse("visits:my_visits")).status_code == 403


def test_recording_a_visit_works_while_redis_is_down(client, staff_a, district_a, settings):
    dead = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = dead
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    response = _record(client, visit)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "done"


def test_my_visits_shows_my_overdue_and_this_weeks_visits_only(
    client, staff_a, district_a, district_b, staff_b
):
    today = timezone.localdate()
    overdue = VisitFactory(
        cadre__unit=district_a,
        assignee=staff_a,
        status="overdue",
        due_date=today - timedelta(days=3),
    )
    this_week = VisitFactory(cadre__unit=district_a, assignee=staff_a, due_date=today)
    VisitFactory(cadre__unit=district_a, assignee=staff_a, due_date=today + timedelta(days=30))
    VisitFactory(cadre__unit=district_b, assignee=staff_b, due_date=today)
    VisitFactory(
        cadre__unit=district_a, assignee=staff_a, due_date=today, status="done", done_on=today
    )
    client.force_login(staff_a)
    response = client.get(reverse("visits:my_visits"))
    assert [v.pk for v in response.context["overdue"]] == [overdue.pk]
    assert [v.pk for v in response.context["this_week"]] == [this_week.pk]


def test_my_visits_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    VisitFactory.create_batch(
        30, cadre__unit=district_a, assignee=staff_a, due_date=timezone.localdate()
    )
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:my_visits"))
    assert len(response.context["this_week"]) == 30


def test_visit_list_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    VisitFactory.create_batch(30, cadre__unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:visit_list"))
    assert response.context["page_obj"].paginator.count == 30


def test_visit_list_leaves_out_other_districts(client, staff_a, district_a, district_b):
    mine = VisitFactory(cadre__unit=district_a)
    VisitFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("visits:visit_list"))
    assert [v.pk for v in response.context["page_obj"]] == [mine.pk]


def test_the_calendar_counts_visits_per_day(
    client, staff_a, district_a, django_assert_max_num_queries
):
    VisitFactory.create_batch(
        3, cadre__unit=district_a, assignee=staff_a, due_date=date(2026, 11, 20)
    )
    VisitFactory(cadre__unit=district_a, due_date=date(2026, 11, 21))  # not mine
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:calendar"), {"month": "2026-11", "mine": "1"})
    cells = {c["day"]: c["total"] for week in response.context["weeks"] for c in week}
    assert cells[date(2026, 11, 20)] == 3
    assert cells[date(2026, 11, 21)] == 0


def test_visits_for_cadre_respects_scope(staff_a, staff_b, district_a):
    visit = VisitFactory(cadre__unit=district_a)
    assert list(visits_for_cadre(cadre=visit.cadre, user=staff_a)) == [visit]
    assert list(visits_for_cadre(cadre=visit.cadre, user=staff_b)) == []


def test_the_cadre_visit_history_of_another_district_is_a_404(client, staff_a, district_b):
    cadre = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("visits:cadre_visits", args=[cadre.pk]))
    assert response.status_code == 404


def test_creating_a_campaign_creates_one_visit_per_filtered_cadre(client, staff_a, district_a):
    lixiu = CadreFactory.create_batch(2, unit=district_a, retirement_kind="lixiu")
    CadreFactory(unit=district_a, retirement_kind="tuixiu")
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:campaign_create"),
        {
            "name": "冬送温暖",
            "unit": district_a.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2027-01-31",
            "f-retirement_kind": "lixiu",
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    assert set(Visit.objects.values_list("cadre", flat=True)) == {c.pk for c in lixiu}
    assert set(Visit.objects.values_list("due_date", "occasion_key")) == {
        (date(2027, 1, 31), f"campaign:{campaign.pk}")
    }


def test_regenerating_a_campaign_adds_only_new_matches(client, staff_a, district_a):
    CadreFactory(unit=district_a, retirement_kind="lixiu")
    campaign = CampaignFactory(unit=district_a, filters={"retirement_kind": "lixiu"})
    client.force_login(staff_a)
    client.post(reverse("visits:campaign_generate", args=[campaign.pk]))
    client.post(reverse("visits:campaign_generate", args=[campaign.pk]))
    assert Visit.objects.filter(campaign=campaign).count() == 1
    CadreFactory(unit=district_a, retirement_kind="lixiu")
    client.post(reverse("visits:campaign_generate", args=[campaign.pk]))
    assert Visit.objects.filter(campaign=campaign).count() == 2


def test_a_campaign_window_ending_before_it_starts_is_refused(client, staff_a, district_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:campaign_create"),
        {
            "name": "夏送清凉",
            "unit": district_a.pk,
            "starts_on": "2026-08-01",
            "ends_on": "2026-07-01",
        },
    )
    assert "截止日期不能早于开始日期。" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.fixture
def relocated(district_a):
    visited = CadreFactory(unit=district_a, relocated=True, relocated_place="海南省三亚市")
    missing = CadreFactory(unit=district_a, relocated=True, relocated_place="上海市")
    CadreFactory(unit=district_a)
    VisitFactory(cadre=visited, status="done", done_on=date(2026, 3, 1))
    VisitFactory(cadre=missing, status="done", done_on=date(2025, 12, 1))
    return visited, missing


def test_coverage_report_counts_relocated_cadres_visited_this_year(client, staff_a, relocated):
    client.force_login(staff_a)
    response = client.get(reverse("visits:coverage"), {"year": 2026})
    assert response.context["rows"] == [
        {"unit": "东城区", "total": 2, "covered": 1, "missing": 1, "rate": 50.0}
    ]
    assert "合计：2 人，已走访 1 人" in response.content.decode()


def test_leadership_sees_the_coverage_rate_but_no_relocated_headcounts(client, leader_a, relocated):
    # Relocation is a hidden field for leadership (sees_sensitive false): no count by it per
    # unit on the page or in the export, only the coverage rate (issue 14 residual).
    client.force_login(leader_a)
    response = client.get(reverse("visits:coverage"), {"year": 2026})
    assert response.context["rows"] == [{"unit": "东城区", "rate": 50.0}]
    page = response.content.decode()
    assert "50.0%" in page
    assert "<th>易地安置</th>" not in page and "合计：2 人" not in page
    export = client.get(reverse("visits:coverage_export"), {"year": 2026})
    book = load_workbook(filename=__import__("io").BytesIO(export.content))
    assert list(book["覆盖情况"].iter_rows(min_row=2, values_only=True)) == [
        ("单位", "覆盖率(%)"),
        ("东城区", 50),
    ]


def test_the_staff_coverage_export_is_logged_as_personal_access(client, staff_a, relocated):
    from apps.accounts.personal_access import PersonalDataAccess

    client.force_login(staff_a)
    client.get(reverse("visits:coverage_export"), {"year": 2026})
    entry = PersonalDataAccess.objects.get(user=staff_a)
    assert entry.action == "export" and entry.row_count == 1  # the one cadre not yet visited
    assert relocated[1].pk in entry.cadre_ids


def test_the_leadership_coverage_export_carries_no_names_and_logs_nothing(
    client, leader_a, relocated
):
    from apps.accounts.personal_access import PersonalDataAccess

    client.force_login(leader_a)
    assert client.get(reverse("visits:coverage_export"), {"year": 2026}).status_code == 200
    assert not PersonalDataAccess.objects.filter(user=leader_a).exists()


def test_coverage_export_lists_the_unvisited_for_staff(client, staff_a, relocated):
    client.force_login(staff_a)
    response = client.get(reverse("visits:coverage_export"), {"year": 2026})
    book = load_workbook(filename=__import__("io").BytesIO(response.content))
    assert list(book["覆盖情况"].iter_rows(min_row=3, values_only=True)) == [
        ("东城区", 2, 1, 1, 50)
    ]
    names = [row[1] for row in book["未走访名单"].iter_rows(min_row=2, values_only=True)]
    assert names == [relocated[1].name]


def test_coverage_of_another_district_is_empty(client, staff_b, relocated):
    client.force_login(staff_b)
    response = client.get(reverse("visits:coverage"), {"year": 2026})
    assert response.context["rows"] == []


def test_the_cadre_page_shows_the_visit_history(client, staff_a, district_a):
    visit = VisitFactory(cadre__unit=district_a, title="春节走访慰问（2026）")
    client.force_login(staff_a)
    response = client.get(reverse("cadres:detail", args=[visit.cadre.pk]))
    assert "春节走访慰问（2026）" in response.content.decode()


def test_deceased_cadre_visit_detail_still_opens_for_the_condolence(client, staff_a, district_a):
    cadre = CadreFactory(
        unit=district_a, status=Cadre.Status.DECEASED, deceased_on=date(2026, 11, 1)
    )
    visit = VisitFactory(cadre=cadre, occasion="condolence", occasion_key="condolence")
    client.force_login(staff_a)
    response = client.get(reverse("visits:visit_detail", args=[visit.pk]))
    assert response.context["visit"] == visit


def test_the_record_form_offers_todays_date(client, staff_a, district_a):
    visit = VisitFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    response = client.get(reverse("visits:visit_detail", args=[visit.pk]))
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()


def test_leadership_gets_403_for_visit_lists(client, leader_a):
    client.force_login(leader_a)
    assert client.get(reverse("visits:visit_list")).status_code == 403


def test_leadership_export_has_aggregates_but_no_names(client, leader_a, relocated):
    client.force_login(leader_a)
    response = client.get(reverse("visits:coverage_export"), {"year": 2026})
    book = load_workbook(filename=__import__("io").BytesIO(response.content))
    assert book.sheetnames == ["覆盖情况"]


def test_campaign_pages_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    campaign = CampaignFactory(unit=district_a)
    CampaignFactory.create_batch(10, unit=district_a)
    VisitFactory.create_batch(30, cadre__unit=district_a, campaign=campaign)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("visits:campaign_list"))
    with django_assert_max_num_queries(14):
        detail = client.get(reverse("visits:campaign_detail", args=[campaign.pk]))
    assert listing.context["page_obj"].paginator.count == 11
    assert detail.context["progress"]["total"] == 30


def test_another_districts_campaign_is_a_404(client, staff_b, district_a):
    campaign = CampaignFactory(unit=district_a)
    client.force_login(staff_b)
    response = client.get(reverse("visits:campaign_detail", args=[campaign.pk]))
    assert response.status_code == 404


def test_cadre_history_and_coverage_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    cadre = CadreFactory(unit=district_a, relocated=True, relocated_place="上海市")
    VisitFactory.create_batch(30, cadre=cadre)
    CadreFactory.create_batch(10, unit=district_a, relocated=True, relocated_place="上海市")
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        history = client.get(reverse("visits:cadre_visits", args=[cadre.pk]))
    with django_assert_max_num_queries(12):
        report = client.get(reverse("visits:coverage"), {"year": 2026})
    assert history.context["page_obj"].paginator.count == 30
    assert report.context["totals"]["total"] == 11


def test_the_visit_admin_lists_only_my_districts_visits(client, staff_a, district_a, district_b):
    mine = VisitFactory(cadre__unit=district_a)
    other = VisitFactory(cadre__unit=district_b)
    client.force_login(staff_a)
    response = client.get(reverse("admin:visits_visit_changelist"))
    assert [v.pk for v in response.context["cl"].result_list] == [mine.pk]
    assert client.get(reverse("admin:visits_visit_change", args=[other.pk])).status_code in (
        302,
        404,
    )


def test_district_staff_can_read_but_not_change_the_visit_rules(client, staff_a, bureau_staff):
    from apps.visits.models import VisitRule

    rule = VisitRule.objects.get(code="birthday")
    url = reverse("admin:visits_visitrule_change", args=[rule.pk])
    client.force_login(staff_a)
    client.post(url, {"name": "改名"})
    rule.refresh_from_db()
    assert rule.name == "整十生日祝寿"
    client.force_login(bureau_staff)
    assert client.get(url).context["has_change_permission"] is True


def test_a_condolence_visit_shows_the_family_to_contact(client, staff_a, district_a):
    from apps.cadres.models import FamilyContact

    cadre = CadreFactory(
        unit=district_a, status=Cadre.Status.DECEASED, deceased_on=date(2026, 11, 1)
    )
    FamilyContact.objects.create(cadre=cadre, name="李淑芬", relation="配偶", phone="13912345678")
    visit = VisitFactory(cadre=cadre, occasion="condolence", occasion_key="condolence")
    client.force_login(staff_a)
    response = client.get(reverse("visits:visit_detail", args=[visit.pk]))
    assert response.context["family"] == [
        {"name": "李淑芬", "relation": "配偶", "phone": "13912345678"}
    ]
