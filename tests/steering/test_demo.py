"""The steering and 荣誉退休 demos seed every state once and add nothing on a second run."""

import random

import pytest
from django.utils import timezone

from apps.onboarding import demo as onboarding_demo
from apps.onboarding.models import Checklist
from apps.steering import demo as steering_demo
from apps.steering.models import AssessmentEntry, Project, TaskAssignment, TaskList
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demos_seed_each_state_once(city, district_a, district_b, bureau_staff, staff_a):
    OrgUnitFactory(name="南城区", kind="district", parent=city)
    UserFactory(role="district_staff", unit=district_b)
    for _ in range(3):
        CadreFactory(unit=district_a, retirement_kind="tuixiu")
    today = timezone.localdate()
    lines = []
    for _ in range(2):
        steering_demo.seed(rng=random.Random(1), today=today, log=lines.append)
        onboarding_demo.seed(rng=random.Random(1), today=today, log=lines.append)
    assert TaskList.objects.count() == 1
    states = set(TaskAssignment.objects.values_list("status", flat=True))
    assert states == {"open", "submitted", "returned", "accepted"}
    assert TaskAssignment.objects.overdue(today).exists()
    assert set(AssessmentEntry.objects.values_list("status", flat=True)) >= {
        "named",
        "recommended",
        "self_assessed",
    }
    assert (
        AssessmentEntry.objects.filter(
            round__rubric__kind="assessment", total__isnull=False
        ).count()
        == 3
    )
    assert Project.objects.count() == 2
    assert Checklist.objects.count() == 2 and Checklist.objects.completed().count() == 1
    assert "steering: already seeded, nothing added" in lines
