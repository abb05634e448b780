"""A hospitalisation plans its 生病住院 visit when it is saved (after commit), by the nightly
job's own generator: the job then finds it and creates nothing twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.cadres.models import Hospitalization
from apps.cadres.services import hospitalization_save
from apps.visits.models import Occasion, Visit
from apps.visits.services import visits_generate
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def _record(cadre, staff, **kwargs):
    return hospitalization_save(
        record=Hospitalization(
            cadre=cadre, hospital="市第一人民医院", admitted_on=timezone.localdate(), **kwargs
        ),
        by=staff,
    )


def test_saving_a_hospitalisation_plans_its_visit_at_once_for_the_unit_staff(
    staff_a, district_a, django_capture_on_commit_callbacks
):
    cadre = CadreFactory(unit=district_a, birth_date=date(1940, 5, 1), gender="M")
    with django_capture_on_commit_callbacks(execute=True):
        stay = _record(cadre, staff_a)
    visit = Visit.objects.get(cadre=cadre, occasion=Occasion.HOSPITAL)
    assert visit.occasion_key == f"hospital:{stay.pk}"
    assert visit.assignee == staff_a  # the person who acts, not every user of the unit
    assert visit.title == "住院探望：市第一人民医院"


def test_nothing_before_the_commit_and_the_nightly_job_adds_nothing(
    staff_a, district_a, django_capture_on_commit_callbacks
):
    cadre = CadreFactory(unit=district_a, birth_date=date(1941, 6, 1), gender="F")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _record(cadre, staff_a)
    assert not Visit.objects.filter(cadre=cadre).exists()  # rolled back = nothing planned
    for callback in callbacks:
        callback()
    assert Visit.objects.filter(cadre=cadre, occasion=Occasion.HOSPITAL).count() == 1
    before = Visit.objects.count()
    visits_generate(on=timezone.localdate())
    visits_generate(on=timezone.localdate() + timedelta(days=1))
    assert Visit.objects.filter(cadre=cadre, occasion=Occasion.HOSPITAL).count() == 1
    assert Visit.objects.count() >= before


def test_saving_the_record_again_plans_no_second_visit(
    staff_a, district_a, django_capture_on_commit_callbacks
):
    cadre = CadreFactory(unit=district_a, birth_date=date(1942, 7, 1), gender="M")
    with django_capture_on_commit_callbacks(execute=True):
        stay = _record(cadre, staff_a)
    stay.notes = "已联系家属"
    with django_capture_on_commit_callbacks(execute=True):
        hospitalization_save(record=stay, by=staff_a)
    assert Visit.objects.filter(cadre=cadre, occasion=Occasion.HOSPITAL).count() == 1
