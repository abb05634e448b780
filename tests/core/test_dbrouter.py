"""The replica router without a replica (tests/core/test_replica.py runs one)."""

from django.conf import settings

from apps.cadres.models import Cadre
from cadre_portal import dbrouters


def test_migrations_never_touch_the_replica():
    router = dbrouters.ReplicaRouter()
    assert router.allow_migrate("replica", "cadres") is False
    assert router.allow_migrate("default", "cadres") is True


def test_without_a_replica_everything_reads_the_primary(db, client):
    assert "replica" not in settings.DATABASES
    with dbrouters.replica_reads():
        assert Cadre.objects.all().db == "default"
    response = client.post("/accounts/login/", {"username": "x"})
    assert dbrouters.PIN_COOKIE not in response.cookies  # no replica, no pin cookie
