"""What every e2e page is held to: axe-core WCAG 2.2 A/AA, no sideways scroll at 375px, an 18px
base font and no text below 18px (badges, hints, detail lines), 44x44 px targets, notice banners
and back links 44px tall, no console errors (CSP violations included)."""

import os
import re
from pathlib import Path

from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
PASSWORD = "portal-test-pass-1"
# axe-core ships with the tests, never in static/: the browser asks our own origin for AXE_URL
# (so the page's CSP 'self' admits it as it is) and Playwright answers from the test tree.
AXE_FILE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/__tests__/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
# Pages whose screenshot the README shows: taken by the journeys, kept in docs/.
DOCS = Path(settings.BASE_DIR) / "docs"
DOCS_SCREENSHOTS = {
    "secretary-home": "secretary-phone.png",
    "leader-dashboard": "leader-dashboard.png",
}

# Targets: buttons, links in a menu (header nav, dropdowns, pagination, tiles) and form controls.
# Hidden inputs, controls inside a collapsed menu and the skip link (off-screen until focused)
# have no box to measure.
TARGETS_JS = """
() => {
  const selector = [
    'button', '.btn', 'summary', 'input:not([type=hidden])', 'select', 'textarea',
    'nav a', '.dropdown-menu a', '.pagination a', '.list-group-item-action', 'a.tile',
  ].join(',');
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.skip-link') || el.classList.contains('skip-link')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not rendered (collapsed menu)
    let box = r;
    // A checkbox or radio counts with its label: the label is the target a finger hits.
    if ((el.type === 'checkbox' || el.type === 'radio')) {
      const holder = el.closest('.form-check, label');
      if (holder) box = holder.getBoundingClientRect();
    }
    if (box.width < 44 - 0.5 || box.height < 44 - 0.5) {
      small.push(`${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''}` +
        ` "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"` +
        ` ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""

# Readable text: every visible piece of text (badges, hints, help texts and detail lines
# included) at >= 18 px; notice banners (alerts) and back links (返回…) >= 44 px tall.
SMALL_TEXT_JS = """
() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const el = walker.currentNode.parentElement;
    if (!text || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, noscript, template, .visually-hidden, .skip-link, [hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not rendered (collapsed menu, closed <details>)
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    if (size < 18 - 0.01) small.push(`${el.tagName.toLowerCase()}.${el.className} "${text.slice(0, 20)}" ${size}px`);
  }
  const short = [];
  for (const el of document.querySelectorAll('.alert, main a')) {
    const isBack = el.tagName === 'A' && /^返回/.test((el.innerText || '').trim());
    if (!el.classList.contains('alert') && !isBack) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.height < 44 - 0.5) short.push(`"${(el.innerText || '').trim().slice(0, 20)}" ${Math.round(r.height)}px`);
  }
  return {small, short};
}
"""


def login(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/**")


def axe_violations(page, live_server) -> list[str]:
    url = live_server.url + AXE_URL
    page.route(
        url,
        lambda route: route.fulfill(path=str(AXE_FILE), content_type="application/javascript"),
    )
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert result["passes"], "axe-core ran no rule: is the page empty?"
    return [
        f"{v['id']} ({v['impact']}): " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", name)
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)
    if name in DOCS_SCREENSHOTS:
        # The first screen of the phone, as the README shows it. Kept beside the other artifacts
        # on every run; copied into docs/ only on request (UPDATE_DOCS=1 make test), so that a
        # test run never leaves the git tree changed.
        page.screenshot(path=str(ARTIFACTS / DOCS_SCREENSHOTS[name]))
        if os.environ.get("UPDATE_DOCS") == "1":
            DOCS.mkdir(exist_ok=True)
            page.screenshot(path=str(DOCS / DOCS_SCREENSHOTS[name]))


def audit(page, live_server, name: str) -> dict:
    """Measure the page as it is now; returns every finding (empty lists mean it passes)."""
    screenshot(page, name)
    findings = {
        "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
        "base_font_px": page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"),
        "small_targets": page.evaluate(TARGETS_JS),
        "console": [m for m in page.console_problems],
    }
    text = page.evaluate(SMALL_TEXT_JS)
    findings["small_text"], findings["short_banners"] = text["small"], text["short"]
    # The menu's links only have a size when the menu is open: measure them opened as well.
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#mainNav.show")
        findings["small_targets"] += page.evaluate(TARGETS_JS)
        # Each dropdown of the menu, opened in turn: its items are menu links too.
        toggles = page.locator("#mainNav .dropdown-toggle")
        for i in range(toggles.count()):
            toggles.nth(i).click()
            findings["small_targets"] += page.evaluate(TARGETS_JS)
            toggles.nth(i).click()
        toggler.click()
        page.wait_for_selector("#mainNav", state="hidden")
    # axe last: injecting it is the only script the page did not ship, and CSP applies to it.
    findings["axe"] = axe_violations(page, live_server)
    findings["small_targets"] = sorted(set(findings["small_targets"]))
    return findings


def assert_passes(page, live_server, name: str) -> None:
    findings = audit(page, live_server, name)
    assert findings["axe"] == [], (name, findings["axe"])
    assert findings["scroll_width"] <= PHONE["width"], (name, findings["scroll_width"])
    assert findings["base_font_px"] >= 18, (name, findings["base_font_px"])
    assert findings["small_targets"] == [], (name, findings["small_targets"])
    assert findings["small_text"] == [], (name, findings["small_text"])
    assert findings["short_banners"] == [], (name, findings["short_banners"])
    assert findings["console"] == [], (name, findings["console"])
