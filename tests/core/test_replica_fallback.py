"""A replica that is down or behind is skipped: reads go to the primary, never a 500
(cadre_portal/dbrouters.py `replica_usable`).

"Down" is a replica alias on a port nobody listens on; "healthy" without a standby is the alias
pointed at the primary's own database (a server not in recovery has no lag); "behind" is the run's
one real standby (tests/core/conftest.py) with its replay paused."""

import logging
import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import OrgUnit, Role
from cadre_portal import dbrouters
from tests.core.standby import replay, standby_has
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
ALIAS = dbrouters.REPLICA


def _refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on return: connecting is refused


def _point_replica(**where) -> None:
    if ALIAS in connections.settings:
        connections[ALIAS].close()
        del connections[ALIAS]
    connections.settings[ALIAS] = {
        **connections.settings["default"],
        "CONN_MAX_AGE": 0,
        "TEST": {"MIRROR": "default"},
        **where,
    }
    from django.conf import settings

    settings.DATABASES[ALIAS] = connections.settings[ALIAS]


@contextmanager
def _replica_alias():
    """Restore what the alias was (the run's standby, or nothing) after the test moved it."""
    from django.conf import settings

    before = connections.settings.get(ALIAS)
    try:
        yield
    finally:
        if ALIAS in connections.settings:
            connections[ALIAS].close()
            del connections[ALIAS]
        if before is None:
            connections.settings.pop(ALIAS, None)
            settings.DATABASES.pop(ALIAS, None)
        else:
            connections.settings[ALIAS] = before
            settings.DATABASES[ALIAS] = before


def _down():
    _point_replica(HOST="127.0.0.1", PORT=str(_refused_port()), OPTIONS={"connect_timeout": 2})


def _healthy():
    _point_replica()  # the primary's own test database: in no recovery, no lag


@pytest.fixture(scope="module", autouse=True)
def _alias_defined():
    """The alias exists before the database fixtures look for it (a higher scope sets up first);
    a down one unless the run's standby already holds it."""
    from django.conf import settings

    placeholder = None
    if ALIAS not in connections.settings:
        _down()
        placeholder = connections.settings[ALIAS]
    yield
    if placeholder is not None and connections.settings.get(ALIAS) is placeholder:
        connections[ALIAS].close()
        del connections[ALIAS]
        connections.settings.pop(ALIAS)
        settings.DATABASES.pop(ALIAS, None)


@pytest.fixture
def movable_replica(settings):
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0  # every request asks
    with _replica_alias():
        _down()
        yield


@pytest.fixture
def world():
    city = OrgUnitFactory(name="市委老干部局", kind=OrgUnit.Kind.CITY)
    leader = UserFactory(username="leader-f", role=Role.LEADERSHIP, unit=city)
    CadreFactory.create_batch(3, unit=city, name="王建国")
    client = Client()
    client.force_login(leader)
    return city, client


def _figures(response) -> list:
    return [
        (section["key"], item["label"], item["value"])
        for section in response.context["data"]["sections"]
        for item in section["kpis"]
    ]


def _reference_figures(client) -> list:
    """The dashboard as it is without any replica."""
    from django.conf import settings
    from django.core.cache import cache

    saved = connections.settings.pop(ALIAS)
    settings.DATABASES.pop(ALIAS, None)
    try:
        cache.delete_pattern("*")
        return _figures(client.get(reverse("dashboard:index")))
    finally:
        connections.settings[ALIAS] = saved
        settings.DATABASES[ALIAS] = saved
        cache.delete_pattern("*")


def _fresh_dashboard(client):
    """The dashboard computed now (figures are cached per scope for a few minutes)."""
    from django.core.cache import cache

    cache.delete_pattern("*")
    return client.get(reverse("dashboard:index"))


def _cadre_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "cadres_cadre" in q["sql"]]


def test_a_refused_replica_leaves_the_dashboard_on_the_primary_with_its_figures(
    movable_replica, world
):
    _, client = world
    expected = _reference_figures(client)
    with CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert _figures(response) == expected
    assert any(value == 3 for _, _, value in expected)  # the three cadres are counted
    assert _cadre_queries(on_primary)


@pytest.mark.parametrize("view", ["branches:reports", "volunteers:report"])
def test_a_refused_replica_leaves_the_reports_on_the_primary(movable_replica, world, view):
    _, client = world
    with CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(reverse(view))
    assert response.status_code == 200
    assert on_primary.captured_queries


def test_a_healthy_replica_takes_the_reads_again_after_being_down(movable_replica, world):
    _, client = world
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert dbrouters.health.usable is False
    _healthy()
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        assert _fresh_dashboard(client).status_code == 200
    assert dbrouters.health.usable is True
    assert _cadre_queries(on_replica)


def test_the_state_is_asked_at_most_once_in_the_check_interval(movable_replica, world, settings):
    _, client = world
    settings.DATABASE_REPLICA_CHECK_SECONDS = 3600
    client.get(reverse("dashboard:index"))
    _healthy()  # up again, but this process does not ask before the interval is over
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        _fresh_dashboard(client)
    assert on_replica.captured_queries == []
    dbrouters.health.checked_at -= 3600
    with CaptureQueriesContext(connections[ALIAS]) as on_replica:
        _fresh_dashboard(client)
    assert _cadre_queries(on_replica)


def test_a_replica_failing_during_a_request_is_retried_on_the_primary(
    movable_replica, world, settings
):
    _, client = world
    expected = _reference_figures(client)
    settings.DATABASE_REPLICA_CHECK_SECONDS = 3600
    _healthy()
    assert dbrouters.replica_usable() is True  # remembered as up for an hour
    _down()  # ... and it goes away
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert _figures(response) == expected
    assert dbrouters.health.usable is False


def test_each_change_of_state_is_logged_once_without_personal_data(movable_replica, world, caplog):
    _, client = world
    with caplog.at_level(logging.INFO, logger="cadre_portal.dbrouters"):
        for _ in range(3):
            client.get(reverse("dashboard:index"))
        _healthy()
        for _ in range(3):
            client.get(reverse("dashboard:index"))
    records = [r for r in caplog.records if r.name == "cadre_portal.dbrouters"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.INFO]
    assert "改读主库" in records[0].getMessage()
    assert "读回副本" in records[1].getMessage()
    assert not any("王建国" in r.getMessage() or "leader-f" in r.getMessage() for r in records)


def test_without_a_replica_nothing_is_asked():
    from django.conf import settings

    with _replica_alias():
        if ALIAS in connections.settings:
            connections.settings.pop(ALIAS)
            settings.DATABASES.pop(ALIAS, None)
        assert dbrouters.replica_usable() is False
        assert dbrouters.health.usable is None


# --- the real standby, replaying behind ------------------------------------------------------


def test_a_standby_behind_the_limit_leaves_the_reads_on_the_primary(replica, world, settings):
    city, client = world
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 0.001
    standby_has(replica, "receive")
    standby_has(replica)
    with CaptureQueriesContext(connections[replica]) as on_replica:
        assert _fresh_dashboard(client).status_code == 200
    assert _cadre_queries(on_replica)  # caught up: within any limit

    replay(replica, paused=True)
    try:
        CadreFactory(unit=city)
        standby_has(replica, "receive")  # it has the WAL but does not replay it
        with (
            CaptureQueriesContext(connections[replica]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            response = _fresh_dashboard(client)
        assert response.status_code == 200
        assert dbrouters.health.usable is False
        assert not _cadre_queries(on_replica)
        assert _cadre_queries(on_primary)
        assert _figures(response) == _reference_figures(client)  # the fourth cadre counts
    finally:
        replay(replica, paused=False)
    standby_has(replica)
    with CaptureQueriesContext(connections[replica]) as on_replica:
        _fresh_dashboard(client)
    assert dbrouters.health.usable is True
    assert _cadre_queries(on_replica)
