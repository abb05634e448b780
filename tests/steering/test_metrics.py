"""The per-unit metrics of visits and casework read their apps' own reports (dependency
inversion: apps.steering names them, never imports those apps)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.casework.models import ServiceRequest
from apps.core.metrics import metric_choices, metric_value
from apps.visits.models import Visit
from tests.casework.factories import ServiceRequestFactory
from tests.factories import CadreFactory
from tests.visits.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_the_metrics_of_visits_and_casework_are_registered():
    names = dict(metric_choices())
    assert {"branches.compliance", "visits.coverage", "casework.on_time"} <= set(names)


def test_visit_coverage_is_the_coverage_reports_rate_for_the_units_subtree(district_a, district_b):
    visited = CadreFactory(unit=district_a, relocated=True)
    CadreFactory(unit=district_a, relocated=True)
    CadreFactory(unit=district_b, relocated=True)
    VisitFactory(
        cadre=visited, status=Visit.Status.DONE, done_on=date(2026, 5, 1), due_date=date(2026, 5, 1)
    )
    assert metric_value("visits.coverage", unit=district_a, year=2026) == 50.0
    assert metric_value("visits.coverage", unit=district_b, year=2026) == 0.0
    assert metric_value("visits.coverage", unit=district_a.parent, year=2026) == 33.3


def test_request_on_time_rate_counts_closed_requests_of_the_year(district_a, district_b):
    now = timezone.now()
    for late in (False, False, True):
        request = ServiceRequestFactory(cadre=CadreFactory(unit=district_a))
        closed = request.deadline + (timedelta(hours=5) if late else -timedelta(hours=1))
        ServiceRequest.objects.filter(pk=request.pk).update(
            status=ServiceRequest.Status.CLOSED, closed_at=closed
        )
    ServiceRequestFactory(cadre=CadreFactory(unit=district_b))  # open: not counted
    assert metric_value("casework.on_time", unit=district_a, year=now.year) == 66.7
    assert metric_value("casework.on_time", unit=district_b, year=now.year) is None
