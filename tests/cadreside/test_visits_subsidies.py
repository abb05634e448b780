from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.subsidies.models import Payment
from apps.visits.models import Visit
from tests.factories import CadreFactory
from tests.subsidies.factories import EntitlementFactory
from tests.visits.factories import VisitFactory

from .factories import cadre_user, family_user

pytestmark = pytest.mark.django_db


def test_a_cadre_sees_planned_and_done_visits_but_not_the_staff_notes(client):
    user, cadre = cadre_user()
    VisitFactory(cadre=cadre, title="重阳节慰问", due_date=date(2026, 10, 29))
    VisitFactory(
        cadre=cadre,
        title="春节慰问",
        status=Visit.Status.DONE,
        done_on=date(2026, 2, 10),
        form="home",
        visitors="王科长",
        gifts="米面油",
        notes="内部记录：家属关系紧张",
    )
    VisitFactory(cadre=cadre, title="已取消的走访", status=Visit.Status.CANCELLED)
    VisitFactory(title="别人的走访")
    client.force_login(user)
    body = client.get(reverse("cadreside:visits")).content.decode()
    assert "重阳节慰问" in body and "春节慰问" in body and "王科长" in body and "米面油" in body
    assert "内部记录" not in body
    assert "已取消的走访" not in body and "别人的走访" not in body


def _payment(cadre, month, amount, status=Payment.Status.PAID, account="6222020000001234"):
    from apps.subsidies.models import PaymentBatch

    entitlement = cadre.entitlements.first() or EntitlementFactory(cadre=cadre)
    batch, _ = PaymentBatch.objects.get_or_create(month=month)
    return Payment.objects.create(
        batch=batch,
        entitlement=entitlement,
        cadre=cadre,
        subsidy_type=entitlement.subsidy_type,
        unit=cadre.unit,
        month=month,
        amount=amount,
        bank_name="工商银行",
        account_number=account,
        status=status,
    )


def test_a_cadre_sees_what_was_paid_with_the_account_masked_to_its_last_four_digits(client):
    user, cadre = cadre_user()
    _payment(cadre, date(2026, 10, 1), Decimal("300.00"))
    _payment(cadre, date(2026, 11, 1), Decimal("1234.56"))
    _payment(cadre, date(2026, 9, 1), Decimal("77.00"), status=Payment.Status.FAILED)
    _payment(CadreFactory(), date(2026, 11, 1), Decimal("999.00"))
    client.force_login(user)
    body = client.get(reverse("cadreside:subsidies")).content.decode()
    assert "1,234.56" in body and "300.00" in body
    assert "尾号 1234" in body and "6222020000001234" not in body
    assert "77.00" not in body and "999.00" not in body


def test_a_family_member_sees_the_subsidies_of_the_cadre_they_act_for(client):
    cadre = CadreFactory(name="张本人")
    _payment(cadre, date(2026, 11, 1), Decimal("456.00"))
    proxy, _ = family_user(cadre)
    client.force_login(proxy)
    body = client.get(reverse("cadreside:subsidies")).content.decode()
    assert "456.00" in body and "张本人" in body
