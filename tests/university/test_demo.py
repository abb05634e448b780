"""The demo: one oversubscribed class drawn with the published seed, a term open now; seeding
twice adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.university.models import Application, Draw, Term

pytestmark = pytest.mark.django_db


def test_demo_has_a_drawn_oversubscribed_class_and_an_open_term():
    call_command("seed_demo", cadres=60)
    draw = Draw.objects.get()
    assert draw.applicants > draw.quota and draw.seed.startswith("demo-2026-")
    assert Term.objects.filter(status=Term.Status.ALLOCATED).count() == 1
    assert any(t.window_open(timezone.now()) for t in Term.objects.all())
    rows = Application.objects.count()
    call_command("seed_demo", cadres=60)
    assert Application.objects.count() == rows
