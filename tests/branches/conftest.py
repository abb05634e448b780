import pytest

from .factories import MembershipFactory, PartyBranchFactory


@pytest.fixture
def branch(secretary, district_a):
    return PartyBranchFactory(name="东城一支部", unit=district_a, secretary=secretary)


@pytest.fixture
def other_branch(district_b):
    return PartyBranchFactory(name="西城一支部", unit=district_b)


@pytest.fixture
def members(branch):
    return [MembershipFactory(branch=branch) for _ in range(3)]


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT  # a tmp dir per test (tests/conftest.py)
