"""Dashboard and report reads from a real streaming replica (cadre_portal/dbrouters.py).

The pair (tests/core/conftest.py) is a small primary of its own holding a copy of the test
database and a streaming replica of it; while this module runs, `default` points at that primary.
Skipped, with the reason, only when the PostgreSQL tools are absent."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import OrgUnit, Role
from apps.cadres.models import Cadre
from cadre_portal import dbrouters
from tests.core.standby import replay, standby_has
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def world(replica):
    city = OrgUnitFactory(name="市委老干部局", kind=OrgUnit.Kind.CITY)
    leader = UserFactory(username="leader-r", role=Role.LEADERSHIP, unit=city)
    CadreFactory.create_batch(3, unit=city)
    standby_has(replica)
    return city, leader


def test_the_replica_is_a_real_standby(replica, world):
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
        # streaming from the primary the tests write to
        cursor.execute("SELECT status, sender_port FROM pg_stat_wal_receiver")
        assert cursor.fetchone() == ("streaming", int(connections["default"].settings_dict["PORT"]))
    with dbrouters.replica_reads():
        assert Cadre.objects.all().db == replica
        assert Cadre.objects.count() == 3


def test_dashboard_reads_go_to_the_replica(replica, world):
    _, leader = world
    client = Client()
    client.force_login(leader)
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert any("cadres_cadre" in q["sql"] for q in on_replica.captured_queries)
    assert not [q["sql"][:300] for q in on_primary.captured_queries if "cadres_cadre" in q["sql"]]


def test_other_pages_read_the_primary(replica, world):
    _, leader = world
    client = Client()
    client.force_login(leader)
    with CaptureQueriesContext(connections[replica]) as on_replica:
        client.get(reverse("cadres:list"))
    assert on_replica.captured_queries == []


def test_a_users_own_write_reads_back_from_the_primary(replica, world):
    city, leader = world
    client = Client()
    client.force_login(leader)
    replay(replica, paused=True)  # the replica lags as far as we like
    try:
        CadreFactory(unit=city, name="刚登记的老同志")
        with dbrouters.replica_reads():
            assert Cadre.objects.count() == 3  # the replica has not seen it
        # Any unsafe request pins this browser to the primary for a while.
        client.post(reverse("dashboard:index"))
        assert dbrouters.PIN_COOKIE in client.cookies
        with CaptureQueriesContext(connections[replica]) as on_replica:
            assert client.get(reverse("dashboard:index")).status_code == 200
        assert on_replica.captured_queries == []
        # Within one piece of work, a write sends the reads after it to the primary.
        with dbrouters.replica_reads():
            CadreFactory(unit=city)
            assert Cadre.objects.count() == 5
    finally:
        replay(replica, paused=False)
