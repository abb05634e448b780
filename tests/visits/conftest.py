import pytest

from apps.visits.models import VisitRule
from tests.seeds import run_services_seed


@pytest.fixture(autouse=True)
def _seeded_rules(db):
    """The rules come from a data migration; a transactional test elsewhere in the suite may
    have flushed them, so put them back when missing (the seed is get_or_create)."""
    if not VisitRule.objects.exists():
        run_services_seed("0002_seed_visit_rules")


@pytest.fixture
def only_rule(db):
    """Keep just the named seeded rule active, so a test sees one rule's visits."""

    def keep(code: str) -> VisitRule:
        VisitRule.objects.exclude(code=code).update(is_active=False)
        return VisitRule.objects.get(code=code)

    return keep
