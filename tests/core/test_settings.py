"""Settings come from the environment and are safe by default (issues 13 and 14).

The production checks run `manage.py` in a subprocess with exactly the environment given (plus
PATH and placeholder database/Redis URLs, so that no embedded server is started): the settings
module is then read as a fresh deployment reads it, without pytest in the process.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_redis import get_redis_connection

from apps.notifications.delivery import reminders_deliver
from tests.notifications.factories import ReminderFactory
from tests.publicity.factories import PublishedArticleFactory

BASE_DIR = str(settings.BASE_DIR)
PRODUCTION_KEY = "k7Qm2vX9pL4sR8tW1yZ6bN3cF5hJ0dG-aE_uI2oP7qS9xV4mK1nB8rT6wY3zC5lH"
PLACEHOLDERS = {
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    "REDIS_URL": "redis://127.0.0.1:1/0",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **PLACEHOLDERS, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in_subprocess(*names: str, **env: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": PRODUCTION_KEY, "ALLOWED_HOSTS": "laoganbu.example"}


# --- Secure by default ----------------------------------------------------------------------------


def test_production_without_a_secret_key_refuses_to_start_and_says_why():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="laoganbu.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "必须设置 SECRET_KEY" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_debug_mode_still_starts_with_the_development_key():
    values = settings_in_subprocess("SECRET_KEY", "SECURE_SSL_REDIRECT", DEBUG="true")
    assert values == {"SECRET_KEY": settings.DEV_SECRET_KEY, "SECURE_SSL_REDIRECT": False}


def test_check_deploy_is_clean_with_only_debug_secret_key_and_allowed_hosts():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_protections_are_on_by_default_in_production():
    values = settings_in_subprocess(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECRET_KEY",
        **PRODUCTION,
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECRET_KEY": PRODUCTION_KEY,
    }


def test_each_https_protection_is_switched_off_only_explicitly():
    values = settings_in_subprocess(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    }


# --- Settings read from the environment -----------------------------------------------------------


def test_reminder_channels_and_the_portal_address_come_from_the_environment():
    values = settings_in_subprocess(
        "REMINDER_CHANNELS",
        "REMINDER_WEBHOOK_URL",
        "PORTAL_BASE_URL",
        "VISIT_CATCHUP_DAYS",
        DEBUG="true",
        REMINDER_CHANNELS="inapp,email,webhook",
        REMINDER_WEBHOOK_URL="https://hook.example/notify",
        PORTAL_BASE_URL="https://laoganbu.example/",
        VISIT_CATCHUP_DAYS="14",
    )
    assert values == {
        "REMINDER_CHANNELS": ["inapp", "email", "webhook"],
        "REMINDER_WEBHOOK_URL": "https://hook.example/notify",
        "PORTAL_BASE_URL": "https://laoganbu.example",
        "VISIT_CATCHUP_DAYS": 14,
    }


def test_every_setting_the_code_reads_is_declared_and_listed_in_env_example():
    """No `getattr(settings, "X", default)` left at a call site: each X is declared in settings
    (read from the environment) and documented in .env.example."""
    names = [
        "REMINDER_CHANNELS",
        "REMINDER_WEBHOOK_URL",
        "REMINDER_WEBHOOK_TIMEOUT",
        "REMINDER_STALE_DAYS",
        "REMINDER_RETRY_BASE_SECONDS",
        "REMINDER_RETRY_MAX_SECONDS",
        "REMINDER_MAX_ATTEMPTS",
        "REMINDER_SENDING_LEASE_SECONDS",
        "REMINDER_DELIVERY_BATCH",
        "REMINDER_CHANNEL_BREAKER",
        "PORTAL_BASE_URL",
        "PG_BIN_DIR",
        "VISIT_CATCHUP_DAYS",
        "CAMPAIGN_NOTICE_DAYS",
        "SUBSIDY_BATCH_DAY",
        "BRANCH_ACTIVITY_EDIT_DAYS",
        "PUBLICITY_VIEW_DEDUP_SECONDS",
        "PUBLICITY_HOME_CACHE_SECONDS",
        "DASHBOARD_CACHE_SECONDS",
        "UPLOAD_MAX_BYTES",
        "FREQUENT_JOBS_SECONDS",
    ]
    example = (settings.BASE_DIR / ".env.example").read_text()
    listed = {line.split("=", 1)[0].lstrip("# ") for line in example.splitlines() if "=" in line}
    assert [n for n in names if n not in listed] == []
    assert [n for n in names if not hasattr(settings, n)] == []
    leftovers = subprocess.run(  # noqa: S603
        ["grep", "-rn", "getattr(settings", "apps", "cadre_portal"],  # noqa: S607
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    ).stdout
    assert leftovers == ""


def test_an_emailed_reminder_links_to_the_portal_address_when_it_is_set(settings, staff_a):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_CHANNELS = ["inapp", "email"]
    settings.PORTAL_BASE_URL = "https://laoganbu.example"
    staff_a.email = "a@example.org"
    staff_a.save()
    ReminderFactory(recipient=staff_a, subject="走访提醒", url="/services/visits/7/")
    reminders_deliver()
    assert len(mail.outbox) == 1
    assert "https://laoganbu.example/services/visits/7/" in mail.outbox[0].body


# --- Cache and sessions: JSON in Redis ------------------------------------------------------------


def test_the_cache_stores_json_not_pickle(db):
    assert settings.CACHES["default"]["OPTIONS"]["SERIALIZER"].endswith("JSONSerializer")
    cache.set("probe", {"name": "张建国", "n": 3}, timeout=60)
    raw = get_redis_connection("default").get(cache.make_key("probe"))
    assert json.loads(raw) == {"name": "张建国", "n": 3}


def test_a_session_survives_in_redis_as_json(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "portal-test-pass-1"}
    )
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    raw = get_redis_connection("default").get(
        cache.make_key("django.contrib.sessions.cached_db" + key)
    )
    assert json.loads(raw)["_auth_user_id"] == str(staff_a.pk)
    # A second request is served from that session (the portal home, not the login page).
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert page.wsgi_request.user == staff_a


def test_the_public_home_page_reads_the_same_from_the_cache(db, city):
    PublishedArticleFactory(source_unit=city, title="重阳节走访慰问离退休老干部")
    first = Client().get(reverse("publicity:home"))
    second = Client().get(reverse("publicity:home"))
    # Published just now: today's date, also when read back from the cache (JSON holds the
    # date as text, the page must still show it).
    shown = f">{timezone.localdate().isoformat()}</time>"
    assert shown in first.content.decode()
    assert shown in second.content.decode()


def test_the_dashboard_reads_the_same_from_the_cache(db, leader_a):
    from apps.dashboard.selectors import dashboard

    today = timezone.localdate()
    computed = dashboard(user=leader_a, year=today.year, today=today)
    cached = dashboard(user=leader_a, year=today.year, today=today)
    assert cached == json.loads(json.dumps(computed, default=str)) == computed


# --- Login lockout ------------------------------------------------------------------------------


def _fail(username: str, address: str) -> int:
    return (
        Client(REMOTE_ADDR=address)
        .post(reverse("accounts:login"), {"username": username, "password": "wrong-pass-99"})
        .status_code
    )


def _login(username: str, address: str) -> int:
    return (
        Client(REMOTE_ADDR=address)
        .post(reverse("accounts:login"), {"username": username, "password": "portal-test-pass-1"})
        .status_code
    )


def test_an_account_is_locked_after_five_failures_from_any_addresses(staff_a):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail("staff_a", f"10.0.0.{i + 1}")
    # Locked for every address, including one that never failed: guessing from many machines
    # does not get around it.
    assert _login("staff_a", "10.9.9.9") == 429


def test_one_address_is_rate_limited_across_accounts_at_its_own_higher_limit(staff_a, staff_b):
    proxy = "192.0.2.10"
    # A few typos of different people behind one proxy lock nobody out …
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(f"someone{i}", proxy)
    assert _login("staff_a", proxy) == 302
    # … but one address trying many accounts is stopped at AXES_IP_FAILURE_LIMIT.
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        _fail(f"guess{i}", proxy)
    assert _login("staff_b", proxy) == 429
    assert _login("staff_b", "192.0.2.99") == 302


def test_lockout_counts_username_and_address_apart():
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AXES_IP_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


# --- make test brings up what the browser tests need ---------------------------------------------


def _empty_fontconfig(directory) -> str:
    """A fontconfig configuration with no font directory: every font hidden."""
    path = directory / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    directory.chmod(0o755)
    path.chmod(0o644)
    return str(path)


def test_with_the_fonts_hidden_the_browser_tests_fail_loudly_with_the_install_hint(
    tmp_path, monkeypatch
):
    from tests.conftest import cjk_font_families, require_browser_deps

    monkeypatch.setenv("FONTCONFIG_FILE", _empty_fontconfig(tmp_path))
    assert cjk_font_families() == ""
    with pytest.raises(pytest.fail.Exception) as failure:
        require_browser_deps()
    message = str(failure.value)
    assert "missing a CJK font (fonts-noto-cjk)" in message
    assert "sudo apt-get install chromium fonts-noto-cjk" in message
    assert "real Chinese glyphs" in message


def test_without_chromium_the_browser_tests_fail_loudly_with_the_install_hint(
    tmp_path, monkeypatch
):
    from tests.conftest import require_browser_deps

    monkeypatch.setenv("PATH", str(tmp_path))  # neither chromium nor fc-list on it
    with pytest.raises(pytest.fail.Exception) as failure:
        require_browser_deps()
    assert "missing chromium and a CJK font" in str(failure.value)
    assert "sudo apt-get install" in str(failure.value)


def test_the_make_test_step_says_in_one_line_what_to_install_when_not_root():
    """scripts/ensure_test_deps.sh, as a user who cannot install, with the fonts hidden."""
    script = str(settings.BASE_DIR / "scripts" / "ensure_test_deps.sh")
    # Readable by that user (pytest's tmp_path is private to root): fontconfig falls back to
    # the system configuration when FONTCONFIG_FILE cannot be read.
    hidden = Path(tempfile.mkdtemp(prefix="no-fonts-"))
    try:
        env = {"PATH": os.environ["PATH"], "FONTCONFIG_FILE": _empty_fontconfig(hidden)}
        command = ["bash", script]
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                pytest.skip("root without runuser: the script would install instead")
            command = ["runuser", "-u", "nobody", "--", *command]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    finally:
        shutil.rmtree(hidden)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "missing fonts-noto-cjk" in lines[0]
    assert "sudo apt-get install fonts-noto-cjk" in lines[0]
    assert result.stdout == ""


def test_the_browser_fixture_is_defined_once_and_axe_core_is_not_shipped():
    from django.contrib.staticfiles import finders

    this = Path(__file__).resolve()
    launching = sorted(
        str(path.relative_to(settings.BASE_DIR))
        for path in (settings.BASE_DIR / "tests").rglob("*.py")
        if path.resolve() != this and "sync_playwright()" in path.read_text()
    )
    assert launching == ["tests/conftest.py"]
    assert finders.find("vendor/axe-core/axe.min.js") is None
    assert (settings.BASE_DIR / "tests/e2e/vendor/axe-core/axe.min.js").exists()


# --- Deployment files -----------------------------------------------------------------------------


def test_the_image_and_compose_carry_no_secret_and_no_default_password():
    ignored = (settings.BASE_DIR / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and "!.env.example" in ignored
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    assert "POSTGRES_PASSWORD:-" not in compose and "REDIS_PASSWORD:-" not in compose
    assert compose.count("${POSTGRES_PASSWORD:?") == 2
    assert "--requirepass" in compose
    assert "REDIS_URL: redis://:${REDIS_PASSWORD:?" in compose
