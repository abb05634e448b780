"""End-to-end fixtures: a headless Debian chromium and a 375px phone page, per test.

Per test, not per module: while Playwright's loop runs, the ORM in this thread sees another
connection object (asgiref context), so a transactional test's flush would then forget the
serialized-rollback state and recreate content types. The browser must be gone before the
flush, which function scope (set up after the database fixture) guarantees.
"""

import pytest

from .helpers import CHROMIUM_ARGS, PHONE


@pytest.fixture
def chromium(live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium, live_server):
    """A fresh phone-sized context (own cookies); console CSP complaints are collected."""
    # Reduced motion: Bootstrap's collapse then opens at once, no waiting on a transition.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, reduced_motion="reduce")
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console",
        lambda msg: (
            page.console_problems.append(f"{msg.text} [{msg.location.get('url', '')}]")
            if msg.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            page.console_problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
        ),
    )
    page.on("pageerror", lambda exc: page.console_problems.append(f"pageerror: {exc}"))
    yield page
    context.close()
