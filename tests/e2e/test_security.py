"""Security headers on every kind of page, and a CSP the pages themselves live with (the e2e
journeys fail on any console CSP error; the admin is checked here under its wider policy)."""

import secrets

import pytest
from axes.models import AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from apps.cadres.models import Cadre
from tests.factories import CadreFactory

from .helpers import login

STRICT_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
}


def _csp(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/news/", "/portal/", "/healthz", "/no-such-page/"]
)
def test_every_portal_response_carries_the_strict_policy_and_the_other_headers(client, db, url):
    response = client.get(url)
    assert STRICT_CSP <= _csp(response)
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_on_https_when_configured(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_hsts_over_plain_http(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")


def test_only_the_admin_gets_eval_for_alpine_and_inline_styles(client, bureau_staff):
    client.force_login(bureau_staff)
    admin = _csp(client.get(reverse("admin:index")))
    assert "script-src 'self' 'unsafe-eval'" in admin
    assert "style-src 'self' 'unsafe-inline'" in admin
    assert "frame-ancestors 'none'" in admin
    portal = client.get(reverse("core:home"))
    assert "unsafe" not in portal["Content-Security-Policy"]


def test_check_deploy_is_clean_with_production_settings(db, settings):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.ALLOWED_HOSTS = ["laoganbu.example.cn"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    # fail_level WARNING: any deploy warning raises SystemCheckError and fails the test.
    call_command("check", deploy=True, fail_level="WARNING")


def test_a_session_lasts_eight_hours_and_its_cookie_is_http_only(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "portal-test-pass-1"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 8 * 3600
    assert cookie["httponly"] is True


@pytest.mark.parametrize("password", ["short1", "12345678901", "password1234"])
def test_weak_passwords_are_refused(staff_a, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=staff_a)


def test_logins_are_recorded_in_the_access_log(client, staff_a):
    client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "portal-test-pass-1"}
    )
    assert AccessLog.objects.filter(username="staff_a").count() == 1


def test_a_change_to_personal_data_is_recorded_with_who_made_it(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a, phone="13900000001")
    client.force_login(staff_a)
    form = client.get(reverse("cadres:edit", args=[cadre.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="13900000002", unit=district_a.pk)
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    response = client.post(reverse("cadres:edit", args=[cadre.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    latest = Cadre.history.filter(id=cadre.pk).latest("history_date")
    assert (latest.phone, latest.history_user_id) == ("13900000002", staff_a.pk)
    assert latest.prev_record.phone == "13900000001"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_works_under_its_policy_without_console_errors(
    phone, live_server, bureau_staff, city
):
    cadre = CadreFactory(unit=city)
    phone.set_viewport_size({"width": 1280, "height": 900})
    login(phone, live_server, "bureau")
    for url in [
        reverse("admin:index"),
        reverse("admin:cadres_cadre_changelist") + "?q=张",
        reverse("admin:cadres_cadre_change", args=[cadre.pk]),
        reverse("admin:cadres_cadre_add"),
        reverse("admin:cadres_cadre_history", args=[cadre.pk]),
        reverse("admin:visits_visitrule_changelist"),
        reverse("admin:publicity_article_add"),
        reverse("admin:branches_partybranch_add"),
        reverse("admin:accounts_user_changelist"),
    ]:
        phone.console_problems.clear()
        response = phone.goto(live_server.url + url)
        assert response.status == 200, url
        assert phone.console_problems == [], (url, phone.console_problems)
    # Alpine.js started (it needs 'unsafe-eval'): its global exists and x-cloak is gone.
    assert phone.evaluate("typeof window.Alpine") == "object"
    assert phone.locator("[x-cloak]").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_with_scripts_or_editors_run_under_the_strict_policy(
    phone, live_server, bureau_staff, city
):
    """The pages that ship their own JavaScript (editor, charts, attendance, Excel import)
    load and run with no console error, so nothing they do is refused by the policy."""
    phone.set_viewport_size({"width": 1280, "height": 900})
    login(phone, live_server, "bureau")
    for name in [
        "publicity:manage_create",
        "volunteers:activity_new",
        "dashboard:index",
        "dashboard:screen",
        "cadres:import",
        "subsidies:entitlement_create",
        "subsidies:batch_list",
        "casework:request_create",
        "branches:report_compliance",
    ]:
        phone.console_problems.clear()
        response = phone.goto(live_server.url + reverse(name))
        assert response.status == 200, name
        assert "unsafe" not in response.headers["content-security-policy"]
        phone.wait_for_timeout(200)  # let deferred scripts and chart animations start
        assert phone.console_problems == [], (name, phone.console_problems)
