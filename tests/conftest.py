import pytest
from django.core.cache import cache

from apps.accounts.models import OrgUnit, Role

from .factories import OrgUnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    """Tests share one real Redis: start each with an empty cache (only our key prefix)."""
    cache.delete_pattern("*")
    yield


@pytest.fixture
def city(db):
    return OrgUnitFactory(name="市委老干部局", kind=OrgUnit.Kind.CITY)


@pytest.fixture
def district_a(city):
    return OrgUnitFactory(name="东城区", kind=OrgUnit.Kind.DISTRICT, parent=city)


@pytest.fixture
def district_b(city):
    return OrgUnitFactory(name="西城区", kind=OrgUnit.Kind.DISTRICT, parent=city)


@pytest.fixture
def bureau_staff(city):
    return UserFactory(username="bureau", role=Role.BUREAU_STAFF, unit=city)


@pytest.fixture
def staff_a(district_a):
    return UserFactory(username="staff_a", role=Role.DISTRICT_STAFF, unit=district_a)


@pytest.fixture
def staff_b(district_b):
    return UserFactory(username="staff_b", role=Role.DISTRICT_STAFF, unit=district_b)


@pytest.fixture
def leader(city):
    return UserFactory(username="leader", role=Role.LEADERSHIP, unit=city)


@pytest.fixture
def leader_a(district_a):
    return UserFactory(username="leader_a", role=Role.LEADERSHIP, unit=district_a)


@pytest.fixture
def secretary(district_a):
    return UserFactory(username="secretary", role=Role.SECRETARY, unit=district_a)


@pytest.fixture
def team_leader(district_a):
    return UserFactory(username="team_leader", role=Role.TEAM_LEADER, unit=district_a)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s per user; tests create many users and never test the hasher itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    """Every transactional test restores the database as migrations left it.

    A transactional test ends by emptying every table. Without serialized rollback, rows that
    data migrations ship (visit rules, 三会一课 thresholds, media-level points …) would vanish
    for the tests after it, and content types would be recreated with new ids, which then
    collide with any test that does use serialized rollback. So all of them use it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("transactional_db", "live_server")
        )
        if transactional:
            kwargs = {**(marker.kwargs if marker else {}), "transaction": True}
            kwargs["serialized_rollback"] = True
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production serves hashed files from collectstatic's manifest; tests render templates from
    # a fresh checkout where no manifest exists yet.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(request, monkeypatch):
    # Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
    # from that thread unless told this is deliberate (the browser runs in another process).
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded attachments and photos of a test never land in the developer's .data/media.
    settings.MEDIA_ROOT = tmp_path / "media"
