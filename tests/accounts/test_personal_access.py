"""The personal-data access log: who read or exported whose record, when, from where; never
editable; shown to staff on the cadre page as 谁查看过."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.models import PersonalDataAccess
from apps.accounts.personal_access import EXPORT_IDS_LIMIT, log_personal_access
from tests.factories import CadreFactory, UserFactory


@pytest.fixture
def cadre(district_a):
    return CadreFactory(unit=district_a, name="李秀英")


def test_opening_a_cadre_page_logs_who_whose_and_from_where(client, staff_a, cadre):
    client.force_login(staff_a)
    client.get(reverse("cadres:detail", args=[cadre.pk]), REMOTE_ADDR="10.1.2.3")
    (entry,) = PersonalDataAccess.objects.all()
    assert (entry.user, entry.unit, entry.action, entry.cadre_ids, entry.ip) == (
        staff_a,
        staff_a.unit,
        "view_detail",
        [cadre.pk],
        "10.1.2.3",
    )
    assert entry.accessed_at is not None


def test_opening_the_card_logs_a_card_view(client, leader_a, cadre):
    client.force_login(leader_a)
    client.get(reverse("dashboard:cadre_card", args=[cadre.pk]))
    assert list(PersonalDataAccess.objects.values_list("action", "cadre_ids")) == [
        ("view_card", [cadre.pk])
    ]


def test_a_404_for_another_districts_cadre_logs_nothing(client, staff_b, cadre):
    client.force_login(staff_b)
    assert client.get(reverse("cadres:detail", args=[cadre.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_the_roster_export_logs_its_filter_and_row_count(client, staff_a, district_a):
    CadreFactory.create_batch(3, unit=district_a, retirement_kind="lixiu")
    CadreFactory(unit=district_a, retirement_kind="tuixiu")
    client.force_login(staff_a)
    client.get(reverse("cadres:export"), {"retirement_kind": "lixiu"})
    (entry,) = PersonalDataAccess.objects.all()
    assert entry.action == "export"
    assert entry.filters == {"retirement_kind": ["lixiu"]}
    assert entry.row_count == 3 and len(entry.cadre_ids) == 3


def test_a_large_export_keeps_the_count_not_every_id(staff_a, district_a):
    cadres = CadreFactory.create_batch(EXPORT_IDS_LIMIT + 1, unit=district_a)
    request = RequestFactory().get("/cadres/export.xlsx")
    request.user = staff_a
    from apps.cadres.models import Cadre

    entry = log_personal_access(
        request, action="export", what="花名册", cadres=Cadre.objects.filter(unit=district_a)
    )
    assert entry.row_count == len(cadres) and entry.cadre_ids == []


def test_staff_see_who_looked_at_a_cadre_on_its_page(client, staff_a, cadre, district_a):
    looker = UserFactory(
        username="looker", full_name="赵科员", role="district_staff", unit=district_a
    )
    client.force_login(looker)
    client.get(reverse("cadres:detail", args=[cadre.pk]))
    client.force_login(staff_a)
    body = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert "谁查看过" in body and "赵科员" in body and "查看详情" in body


def test_district_staff_see_a_city_bureau_reader_on_their_cadres_page(
    client, staff_a, bureau_staff, cadre
):
    bureau_staff.full_name = "钱处长"
    bureau_staff.save()
    client.force_login(bureau_staff)
    client.get(reverse("dashboard:cadre_card", args=[cadre.pk]))
    client.force_login(staff_a)
    body = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert "钱处长" in body and "查看一员一卡" in body


def test_leadership_do_not_see_the_access_log(client, leader_a, staff_a, cadre):
    client.force_login(staff_a)
    client.get(reverse("cadres:detail", args=[cadre.pk]))
    client.force_login(leader_a)
    body = client.get(reverse("cadres:detail", args=[cadre.pk])).content.decode()
    assert "谁查看过" not in body


def test_staff_of_another_district_do_not_see_accesses_from_this_one(staff_a, staff_b, cadre):
    request = RequestFactory().get("/")
    request.user = staff_a
    log_personal_access(request, action="view_detail", what="干部详情", cadres=cadre.pk)
    assert PersonalDataAccess.objects.visible_to(staff_a).count() == 1
    assert PersonalDataAccess.objects.visible_to(staff_b).count() == 0


def test_the_admin_never_lets_anyone_add_change_or_delete_a_log_entry(rf, db):
    admin_user = UserFactory(username="root", is_superuser=True, is_staff=True)
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = site._registry[PersonalDataAccess]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_staff_can_read_the_log_in_the_admin(client, staff_a, cadre):
    client.force_login(staff_a)
    client.get(reverse("cadres:detail", args=[cadre.pk]))
    response = client.get(reverse("admin:accounts_personaldataaccess_changelist"))
    assert response.status_code == 200
    assert "干部详情" in response.content.decode()
