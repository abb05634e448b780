"""End-to-end fixtures: one headless Debian chromium per module, a 375px phone page per test.

The browser lives for the whole module (a launch costs about a second and the e2e budget is a
minute), so the permission to call the ORM beside Playwright's event loop must live as long:
it is set here for the module, not per test, or the flush after the last test would refuse.
"""

import os

import pytest

from .helpers import CHROMIUM_ARGS, PHONE


@pytest.fixture(scope="module")
def chromium():
    playwright = pytest.importorskip("playwright.sync_api")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(chromium, live_server):
    """A fresh phone-sized context (own cookies); console CSP complaints are collected."""
    # Reduced motion: Bootstrap's collapse then opens at once, no waiting on a transition.
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, reduced_motion="reduce")
    page = context.new_page()
    page.console_problems = []
    page.on(
        "console",
        lambda msg: page.console_problems.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: page.console_problems.append(f"pageerror: {exc}"))
    yield page
    context.close()
