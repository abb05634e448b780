"""Roster previews and imports as Celery jobs with a progress bar (issue 21)."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.cadres import tasks as import_tasks
from apps.cadres.models import Cadre
from tests.factories import UserFactory

from .test_import import GOOD_ROWS, _stored_imports, _upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """A worker that has not picked the job up yet: `delay` only records the id."""
    jobs = []
    monkeypatch.setattr(import_tasks.run_import_job, "delay", jobs.append)
    return jobs


def _progress(client, job_id):
    return client.get(reverse("cadres:import_progress", args=[job_id]))


def test_the_upload_shows_a_progress_bar_until_the_worker_is_done(
    client, staff_a, district_a, queued
):
    client.force_login(staff_a)
    page = client.post(
        reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk}
    )
    assert page.status_code == 200
    assert "data-import-progress" in page.content.decode()
    [job_id] = queued
    assert _progress(client, job_id).json() == {
        "state": "queued",
        "done": 0,
        "total": 0,
        "percent": 0,
    }
    assert import_tasks.run_import_job(job_id) == "done"
    assert _progress(client, job_id).json()["percent"] == 100
    preview = client.get(reverse("cadres:import_job", args=[job_id]))
    assert "新增 3 人" in preview.content.decode()
    assert Cadre.objects.count() == 0
    # A redelivered job (acks_late) does nothing a second time.
    assert import_tasks.run_import_job(job_id) == "skipped"


def test_progress_is_reported_while_the_rows_are_read(staff_a, district_a, monkeypatch):
    from apps.cadres import roster_import

    monkeypatch.setattr(roster_import, "PROGRESS_EVERY", 1)
    seen = []
    roster_import.preview(
        _upload(GOOD_ROWS),
        user=staff_a,
        unit=district_a,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (1, 6) and seen[-1] == (6, 6)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_only_the_uploader_sees_the_job(client, staff_a, district_a, queued):
    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    [job_id] = queued
    colleague = UserFactory(username="staff_a2", role=Role.DISTRICT_STAFF, unit=district_a)
    client.force_login(colleague)
    assert _progress(client, job_id).status_code == 404
    assert client.get(reverse("cadres:import_job", args=[job_id])).status_code == 404
    assert _progress(client, "not-a-job").status_code == 404


def test_the_confirmed_import_runs_as_a_job_and_removes_the_file(
    client, staff_a, district_a, settings
):
    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    assert len(_stored_imports(settings)) == 1  # kept for 确认导入
    done = client.post(reverse("cadres:import_confirm"))
    assert done.status_code == 302 and done["Location"] == reverse("cadres:list")
    assert Cadre.objects.filter(unit=district_a).count() == 3
    assert _stored_imports(settings) == []
    # Confirming again finds nothing to import (the session forgot the file).
    again = client.post(reverse("cadres:import_confirm"))
    assert again.status_code == 302 and again["Location"] == reverse("cadres:import")
    assert Cadre.objects.count() == 3


def test_a_failed_job_says_so_in_chinese_and_keeps_no_file(
    client, staff_a, district_a, settings, monkeypatch
):
    from apps.cadres import roster_import

    def boom(*args, **kwargs):
        raise RuntimeError("worker lost the database")

    monkeypatch.setattr(roster_import, "preview", boom)
    client.force_login(staff_a)
    page = client.post(
        reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk}
    )
    assert page.status_code == 200
    assert "导入时发生错误" in page.content.decode()
    assert _stored_imports(settings) == []
