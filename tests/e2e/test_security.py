"""Security headers on every kind of page, and a CSP the pages themselves live with (the e2e
journeys fail on any console CSP error; the admin is checked here under its wider policy)."""

import pytest
from django.urls import reverse

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
        reverse("admin:services_visitrule_changelist"),
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
