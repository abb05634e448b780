import contextlib
import shutil
import subprocess

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from apps.accounts.models import OrgUnit, Role

from . import migrated_state
from .factories import OrgUnitFactory, UserFactory

# Transactional tests' flush and restore in milliseconds; commits that do not wait for the disk.
migrated_state.install()
migrated_state.commit_without_waiting(django_settings.DATABASES["default"])


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


# --- The browser (Playwright driving Debian's chromium), for tests marked `browser` -------------

BROWSER_DEPS_HINT = (
    "run `make test` as root (it installs them through apt) or `sudo apt-get install chromium "
    "fonts-noto-cjk`: the browser tests drive Debian's chromium and must measure Chinese pages "
    "with real Chinese glyphs, as users see them"
)


def chromium_path() -> str | None:
    return shutil.which("chromium")


def cjk_font_families() -> str:
    """The CJK font families fontconfig offers (what chromium renders Chinese with)."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "family"],  # noqa: S607 - fontconfig's own tool
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except FileNotFoundError:
        return ""
    return listed.stdout.strip()


def require_browser_deps() -> str:
    """Fail loudly, with the install hint, before any page is measured without what it needs
    (without a CJK font Chinese text renders as fallback boxes and every size is wrong)."""
    missing = []
    executable = chromium_path()
    if executable is None:
        missing.append("chromium")
    if not cjk_font_families():
        missing.append("a CJK font (fonts-noto-cjk)")
    if missing:
        pytest.fail(
            f"browser tests cannot run: missing {' and '.join(missing)}; {BROWSER_DEPS_HINT}",
            pytrace=False,
        )
    return executable


@pytest.fixture(scope="session")
def _browser_deps():
    return require_browser_deps()


@contextlib.contextmanager
def launched_chromium(executable: str, *, env: dict | None = None):
    """Headless Debian chromium (the one place that launches a browser); `env` for the browser
    process only (tests/e2e/test_glyph_independent_sizes.py hides every font from it)."""
    from tests.e2e.helpers import CHROMIUM_ARGS

    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS, env=env
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def chromium(_browser_deps, live_server, monkeypatch):
    """Headless Debian chromium, per test: while Playwright's loop runs, the ORM in this thread
    sees another connection object (asgiref context), so a transactional test's flush would
    then forget the serialized-rollback state and recreate content types. The browser must be
    gone before the flush, which function scope (set up after the database) guarantees."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with launched_chromium(_browser_deps) as browser:
        yield browser


def _watched_page(context):
    """A page that collects what went wrong: `console_problems` (console errors, CSP refusals
    included, page errors and HTTP errors) and `errors` (console and page errors only)."""
    page = context.new_page()
    page.console_problems, page.errors = [], []

    def on_console(msg):
        if msg.type == "error":
            page.console_problems.append(f"{msg.text} [{msg.location.get('url', '')}]")
            page.errors.append(msg.text)

    def on_pageerror(exc):
        page.console_problems.append(f"pageerror: {exc}")
        page.errors.append(str(exc))

    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    page.on(
        "response",
        lambda r: (
            page.console_problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
        ),
    )
    return page


@pytest.fixture
def phone(chromium):
    """A fresh 375px phone page (own cookies); reduced motion, so Bootstrap's collapse opens at
    once with no waiting on a transition."""
    from tests.e2e.helpers import PHONE

    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, reduced_motion="reduce")
    yield _watched_page(context)
    context.close()


@pytest.fixture
def desktop(chromium):
    """A fresh 1366px desktop page (own cookies)."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    yield _watched_page(context)
    context.close()
