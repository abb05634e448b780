"""Subsidy pages: scope (another district's rows are 404 / absent), masking, bad input, query
counts of the lists."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.subsidies.models import CadreBankAccount, Entitlement, Payment, PaymentBatch
from apps.subsidies.services import batch_approve, batch_generate, batch_mark_paid, batch_submit
from tests.factories import CadreFactory, UserFactory

from .factories import EntitlementFactory, subsidy_type

pytestmark = pytest.mark.django_db

DEC = date(2026, 12, 1)


@pytest.fixture
def two_districts(district_a, district_b):
    a = EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    b = EntitlementFactory(cadre__unit=district_b, monthly_amount=Decimal("500.00"))
    for entitlement, number in ((a, "6222020000001234"), (b, "6222020000005678")):
        CadreBankAccount.objects.create(
            cadre=entitlement.cadre,
            bank_name="工商银行",
            account_name=entitlement.cadre.name,
            account_number=number,
        )
    batch, _ = batch_generate(month=DEC)
    return a, b, batch


def test_staff_get_404_for_another_districts_entitlement(client, staff_a, two_districts):
    _, other, _ = two_districts
    client.force_login(staff_a)
    assert client.get(reverse("subsidies:entitlement_detail", args=[other.pk])).status_code == 404


def test_entitlement_list_shows_only_the_users_district(client, staff_a, two_districts):
    mine, _, _ = two_districts
    client.force_login(staff_a)
    response = client.get(reverse("subsidies:entitlement_list"))
    assert [e.pk for e in response.context["page_obj"]] == [mine.pk]


def test_a_district_sees_only_its_rows_and_totals_of_a_city_batch(client, staff_a, two_districts):
    mine, _, batch = two_districts
    client.force_login(staff_a)
    response = client.get(reverse("subsidies:batch_detail", args=[batch.pk]))
    assert [p.entitlement_id for p in response.context["page_obj"]] == [mine.pk]
    assert response.context["totals"]["total"] == Decimal("300.00")


def test_the_bureau_sees_the_whole_batch_total(client, bureau_staff, two_districts):
    _, _, batch = two_districts
    client.force_login(bureau_staff)
    response = client.get(reverse("subsidies:batch_detail", args=[batch.pk]))
    assert response.context["totals"]["total"] == Decimal("800.00")
    assert response.context["totals"]["count"] == 2


def test_district_staff_may_not_mark_a_payment_failed_even_in_another_district(
    client, bureau_staff, staff_a, two_districts
):
    # Batches are the city bureau's: district staff get 403 before any lookup (issue 15).
    _, other, batch = two_districts
    client.force_login(staff_a)
    payment = Payment.objects.get(entitlement=other)
    response = client.post(reverse("subsidies:payment_fail", args=[payment.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Payment.objects.get(pk=payment.pk).status == "pending"


def test_district_staff_cannot_move_a_city_batch(client, staff_a, two_districts):
    _, _, batch = two_districts
    client.force_login(staff_a)
    response = client.post(reverse("subsidies:batch_action", args=[batch.pk, "submit"]))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "draft"


def test_marking_a_paid_batch_again_shows_a_chinese_error(client, bureau_staff, two_districts):
    _, _, batch = two_districts
    batch_submit(batch=batch, by=UserFactory(role="bureau_staff", unit=bureau_staff.unit))
    batch_approve(batch=batch, by=bureau_staff)
    batch_mark_paid(batch=batch, by=bureau_staff)
    client.force_login(bureau_staff)
    response = client.post(reverse("subsidies:batch_action", args=[batch.pk, "paid"]), follow=True)
    assert "已发放并锁定" in response.content.decode()


def test_generating_an_existing_month_from_the_page_is_refused(client, bureau_staff, two_districts):
    client.force_login(bureau_staff)
    response = client.post(reverse("subsidies:batch_create"), {"month": "2026-12"}, follow=True)
    assert "已存在，不能重复生成" in response.content.decode()
    assert PaymentBatch.objects.count() == 1
    assert Payment.objects.count() == 2


def _without_sensitive(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.clear()
    for group in user.groups.all():
        user.groups.remove(group)
    perms = Permission.objects.filter(
        content_type__app_label__in=["visits", "subsidies", "casework"]
    )
    user.user_permissions.add(*perms)
    return user


def test_export_lists_only_the_users_rows_masked_with_a_total(client, district_a, two_districts):
    from tests.factories import UserFactory

    mine, _, batch = two_districts
    client.force_login(_without_sensitive(UserFactory(unit=district_a, role="district_staff")))
    response = client.get(reverse("subsidies:batch_export", args=[batch.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2
    body, total = rows
    assert body[2] == mine.cadre.name
    assert "*" in body[3]
    assert body[5] == "6222********1234"
    assert total[0] == "合计"
    assert Decimal(str(total[8])) == Decimal("300.00")


def test_bureau_export_total_equals_the_sum_of_rows(client, bureau_staff, two_districts):
    _, _, batch = two_districts
    client.force_login(bureau_staff)
    response = client.get(reverse("subsidies:batch_export", args=[batch.pk]))
    rows = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True)
    )
    assert (
        sum(Decimal(str(r[8])) for r in rows[:-1]) == Decimal(str(rows[-1][8])) == Decimal("800.00")
    )


def test_a_three_decimal_amount_from_the_form_saves_nothing(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("subsidies:entitlement_create"),
        {
            "cadre": cadre.pk,
            "subsidy_type": subsidy_type("hardship").pk,
            "monthly_amount": "100.123",
            "starts_on": "2026-12",
            "approval_number": "老干〔2026〕9号",
        },
    )
    assert response.status_code == 200
    assert "monthly_amount" in response.context["form"].errors
    assert not Entitlement.objects.exists()


def test_an_entitlement_for_another_districts_cadre_is_refused(client, staff_a, district_b):
    cadre = CadreFactory(unit=district_b)
    client.force_login(staff_a)
    response = client.post(
        reverse("subsidies:entitlement_create"),
        {
            "cadre": cadre.pk,
            "subsidy_type": subsidy_type("hardship").pk,
            "monthly_amount": "100.00",
            "starts_on": "2026-12",
            "approval_number": "老干〔2026〕9号",
        },
    )
    assert "cadre" in response.context["form"].errors
    assert not Entitlement.objects.exists()


def test_an_overlapping_entitlement_from_the_form_shows_the_reason(client, staff_a, district_a):
    existing = EntitlementFactory(cadre__unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("subsidies:entitlement_create"),
        {
            "cadre": existing.cadre.pk,
            "subsidy_type": existing.subsidy_type.pk,
            "monthly_amount": "100.00",
            "starts_on": "2026-12",
            "approval_number": "老干〔2026〕9号",
        },
    )
    assert "重叠" in response.content.decode()
    assert Entitlement.objects.count() == 1


def test_the_detail_page_masks_the_account_without_the_permission(
    client, district_a, two_districts
):
    from tests.factories import UserFactory

    mine, _, _ = two_districts
    user = _without_sensitive(UserFactory(unit=district_a, role="district_staff"))
    client.force_login(user)
    response = client.get(reverse("subsidies:entitlement_detail", args=[mine.pk]))
    assert response.context["account_shown"] == "6222********1234"


def test_entitlement_list_queries_do_not_grow_with_rows(
    client, staff_a, district_a, django_assert_max_num_queries
):
    EntitlementFactory.create_batch(30, cadre__unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("subsidies:entitlement_list"))
    assert response.context["page_obj"].paginator.count == 30


def test_batch_page_queries_do_not_grow_with_rows(
    client, bureau_staff, district_a, django_assert_max_num_queries
):
    EntitlementFactory.create_batch(30, cadre__unit=district_a)
    batch, _ = batch_generate(month=DEC)
    client.force_login(bureau_staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("subsidies:batch_detail", args=[batch.pk]))
    assert response.context["page_obj"].paginator.count == 30


def test_batch_list_queries_are_bounded(client, bureau_staff, django_assert_max_num_queries):
    for month in range(1, 13):
        PaymentBatch.objects.create(month=date(2025, month, 1))
    client.force_login(bureau_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("subsidies:batch_list"))
    assert len(response.context["page_obj"]) == 12


def test_admin_entitlement_of_another_district_is_404(client, staff_a, two_districts):
    _, other, _ = two_districts
    client.force_login(staff_a)
    url = reverse("admin:subsidies_entitlement_change", args=[other.pk])
    assert client.get(url).status_code == 404


def test_admin_payment_list_is_scoped(client, staff_a, two_districts):
    mine, _, _ = two_districts
    client.force_login(staff_a)
    response = client.get(reverse("admin:subsidies_payment_changelist"))
    assert [p.entitlement_id for p in response.context["cl"].result_list] == [mine.pk]


def test_the_cadre_page_lists_the_cadres_subsidies(client, staff_a, two_districts):
    mine, _, _ = two_districts
    client.force_login(staff_a)
    response = client.get(reverse("cadres:detail", args=[mine.cadre.pk]))
    body = response.content.decode()
    assert reverse("subsidies:entitlement_detail", args=[mine.pk]) in body
    assert "300.00元/月" in body
