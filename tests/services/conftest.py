import pytest

from apps.services.models import VisitRule


@pytest.fixture
def only_rule(db):
    """Keep just the named seeded rule active, so a test sees one rule's visits."""

    def keep(code: str) -> VisitRule:
        VisitRule.objects.exclude(code=code).update(is_active=False)
        return VisitRule.objects.get(code=code)

    return keep
