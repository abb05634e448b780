"""Payment records are never forged (issue 14, "What can be lost or forged"): a payment batch
needs a second person, a changed bank account is shown to the approver, and a cadre who left is
not paid after the month they left."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.cadres.services import cadre_change_status
from apps.subsidies.models import CadreBankAccount, PaymentBatch
from apps.subsidies.selectors import bank_account_changes
from apps.subsidies.services import (
    bank_account_set,
    batch_approve,
    batch_generate,
    batch_mark_paid,
    batch_submit,
)
from tests.factories import UserFactory

from .factories import EntitlementFactory

pytestmark = pytest.mark.django_db


# -- payment batches: four eyes, account changes flagged, history kept ------------------------

DEC = date(2026, 12, 1)
NOV = date(2026, 11, 1)


@pytest.fixture
def batch(district_a):
    EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    batch, _ = batch_generate(month=DEC)
    return batch


def test_the_submitter_cannot_approve_their_own_batch(batch, bureau_staff):
    batch_submit(batch=batch, by=bureau_staff)
    with pytest.raises(ValidationError, match="四眼原则"):
        batch_approve(batch=batch, by=bureau_staff)
    assert PaymentBatch.objects.get(pk=batch.pk).status == "submitted"


def test_the_submitter_cannot_mark_the_batch_paid_but_the_approver_can(batch, bureau_staff, city):
    approver = UserFactory(role="bureau_staff", unit=city)
    batch_submit(batch=batch, by=bureau_staff)
    batch_approve(batch=batch, by=approver)
    with pytest.raises(ValidationError, match="四眼原则"):
        batch_mark_paid(batch=batch, by=bureau_staff)
    assert PaymentBatch.objects.get(pk=batch.pk).status == "approved"
    batch_mark_paid(batch=batch, by=approver)
    batch.refresh_from_db()
    assert (batch.status, batch.paid_by) == ("paid", approver)
    history = list(batch.history.order_by("history_date").values_list("status", "history_user"))
    assert ("submitted", bureau_staff.pk) in history
    assert ("approved", approver.pk) in history
    assert ("paid", approver.pk) in history


def test_the_approve_button_answers_the_submitter_in_chinese_and_changes_nothing(
    client, batch, bureau_staff
):
    batch_submit(batch=batch, by=bureau_staff)
    client.force_login(bureau_staff)
    response = client.post(
        reverse("subsidies:batch_action", args=[batch.pk, "approve"]), follow=True
    )
    assert "四眼原则" in response.content.decode()
    assert PaymentBatch.objects.get(pk=batch.pk).status == "submitted"


def test_the_approval_page_lists_a_bank_account_changed_since_the_last_batch(
    client, district_a, bureau_staff, staff_a
):
    entitlement = EntitlementFactory(cadre__unit=district_a, monthly_amount=Decimal("300.00"))
    cadre = entitlement.cadre
    bank_account_set(
        cadre=cadre,
        bank_name="工商银行",
        account_name=cadre.name,
        account_number="6222020000001111",
        by=staff_a,
    )
    batch_generate(month=NOV)
    bank_account_set(
        cadre=cadre,
        bank_name="农业银行",
        account_name=cadre.name,
        account_number="6228480000009999",
        by=staff_a,
    )
    batch, _ = batch_generate(month=DEC)
    changes = bank_account_changes(batch=batch, user=bureau_staff)
    assert changes["count"] == 1
    client.force_login(bureau_staff)
    page = client.get(reverse("subsidies:batch_detail", args=[batch.pk])).content.decode()
    assert "发放账户变更" in page
    assert "工商银行 6222********1111" in page
    assert "农业银行 6228********9999" in page
    assert "6228480000009999" not in page.split("发放明细")[0]


def test_an_unchanged_account_is_not_flagged(district_a, bureau_staff, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    bank_account_set(
        cadre=entitlement.cadre,
        bank_name="工商银行",
        account_name="户名",
        account_number="6222020000001111",
        by=staff_a,
    )
    CadreBankAccount.history.model.objects.update(history_date=timezone.now() - timedelta(hours=1))
    batch_generate(month=NOV)
    batch, _ = batch_generate(month=DEC)
    assert bank_account_changes(batch=batch, user=bureau_staff)["count"] == 0


def test_a_cadre_moved_out_is_not_paid_after_the_month_they_left(district_a, staff_a):
    entitlement = EntitlementFactory(cadre__unit=district_a)
    cadre_change_status(
        cadre=entitlement.cadre,
        status=Cadre.Status.MOVED,
        on=date(2026, 10, 20),
        reason="迁往外省",
        by=staff_a,
    )
    october, _ = batch_generate(month=date(2026, 10, 1))
    november, _ = batch_generate(month=NOV)
    assert october.payments.filter(cadre=entitlement.cadre).exists()
    assert not november.payments.filter(cadre=entitlement.cadre).exists()
