from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.templatetags.money import money
from tests.dashboard.factories import subsidy_paid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("212800"), "¥212,800.00"),
        (212800.5, "¥212,800.50"),
        ("1234.567", "¥1,234.57"),
        (Decimal("-50"), "-¥50.00"),
        (None, ""),
        ("无", "无"),
    ],
)
def test_money_reads_yuan_with_separators_and_fen(value, shown):
    assert money(value) == shown


def test_the_dashboard_prints_the_months_payments_as_money(client, staff_a, district_a):
    from tests.factories import CadreFactory

    today = timezone.localdate()
    subsidy_paid(CadreFactory(unit=district_a), month=today.replace(day=1), amount="212800")
    client.force_login(staff_a)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "¥212,800.00" in html
