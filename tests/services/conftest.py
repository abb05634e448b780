import importlib

import pytest
from django.apps import apps as django_apps

from apps.services.models import VisitRule


@pytest.fixture(autouse=True)
def _seeded_rules(db):
    """The rules come from a data migration; a transactional test elsewhere in the suite may
    have flushed them, so put them back when missing (the seed is get_or_create)."""
    if not VisitRule.objects.exists():
        importlib.import_module("apps.services.migrations.0002_seed_visit_rules").seed(
            django_apps, None
        )


@pytest.fixture
def only_rule(db):
    """Keep just the named seeded rule active, so a test sees one rule's visits."""

    def keep(code: str) -> VisitRule:
        VisitRule.objects.exclude(code=code).update(is_active=False)
        return VisitRule.objects.get(code=code)

    return keep
