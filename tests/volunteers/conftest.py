import pytest

from .factories import team_with_members


@pytest.fixture
def team_a(district_a, team_leader):
    """A team in district A led by the `team_leader` fixture, with three members."""
    return team_with_members(district_a, leader=team_leader, n=3)


@pytest.fixture
def team_b(district_b):
    return team_with_members(district_b, n=2)
