"""Roster previews and imports in the Celery worker, with progress the page polls.

A 10,000-row roster takes longer than a web request may (gunicorn's timeout): the upload view
stores the file, starts a job here and shows a progress bar that polls
`cadres:import_progress`. The job's state lives in Redis for an hour, keyed by a random id and
readable only by the user who uploaded (anyone else: 404). The uploaded file is deleted when the
preview fails, when the import is done, and when the upload is cancelled; a kept preview's file
waits for 确认导入 (the session holds its name, as before).

With CELERY_TASK_ALWAYS_EAGER (the test run) the job runs inside the request and the page shows
its result at once.
"""

import logging
import uuid

from celery import shared_task
from django.core.cache import cache
from django.core.files.storage import default_storage

logger = logging.getLogger(__name__)

TTL = 3600
PREVIEW, APPLY = "preview", "apply"


def _key(job_id: str) -> str:
    return f"cadres:import-job:{job_id}"


def start(kind: str, *, user, file_name: str, unit_id: int | None) -> str:
    job_id = uuid.uuid4().hex
    cache.set(
        _key(job_id),
        {
            "kind": kind,
            "user": user.pk,
            "file": file_name,
            "unit": unit_id,
            "state": "queued",
            "done": 0,
            "total": 0,
        },
        timeout=TTL,
    )
    run_import_job.delay(job_id)
    return job_id


def state(job_id: str, *, user) -> dict | None:
    """The job as its uploader sees it; None for anyone else or an unknown/expired id."""
    job = cache.get(_key(job_id)) if job_id.isalnum() and len(job_id) == 32 else None
    if job is None or job.get("user") != user.pk:
        return None
    return job


def mark_logged(job_id: str, job: dict) -> None:
    """The import's personal-data access is recorded once, however often its page opens."""
    job["logged"] = True
    _save(job_id, job)


def _save(job_id: str, job: dict) -> None:
    cache.set(_key(job_id), job, timeout=TTL)


def summarise(result, *, user) -> dict:
    """What the pages show of an ImportResult, as JSON (the cache holds JSON)."""
    from apps.accounts.masking import shown

    from .roster_import import preview_rows

    rows = preview_rows(result, user=user)
    for row in rows:
        for name in ("birth_date", "retirement_date"):
            row[name] = row[name].isoformat() if row[name] else None
    return {
        "ok": result.ok,
        "applied": result.applied,
        "summary": result.summary() if result.rows else "",
        "file_errors": result.file_errors,
        "errors": [
            {
                "row": r.row,
                "name": r.name,
                "id_number": shown(user, r.id_number),
                "errors": r.errors,
            }
            for r in result.errors
        ],
        "rows": rows,
        "saved": [r.cadre.pk for r in result.rows if r.cadre is not None and r.cadre.pk],
    }


@shared_task(acks_late=True)
def run_import_job(job_id: str) -> str:
    from apps.accounts.models import OrgUnit, User

    from . import roster_import

    job = cache.get(_key(job_id))
    if job is None or job["state"] not in ("queued",):
        return "skipped"  # expired, or a redelivered job already started: never twice
    job["state"] = "running"
    _save(job_id, job)

    def progress(done: int, total: int) -> None:
        job["done"], job["total"] = done, total
        _save(job_id, job)

    name = job["file"]
    try:
        user = User.objects.get(pk=job["user"])
        unit = (
            OrgUnit.objects.visible_to(user).filter(pk=job["unit"]).first() if job["unit"] else None
        )
        with default_storage.open(name, "rb") as handle:
            result = roster_import.preview(handle, user=user, unit=unit, progress=progress)
        if job["kind"] == APPLY:
            result = roster_import.apply(result, by=user)
        job["result"] = summarise(result, user=user)
        job["state"] = "done"
    except Exception:
        logger.exception("roster import job %s failed", job_id)
        job["state"] = "failed"
        job["result"] = {"file_errors": ["导入时发生错误，请稍后重试或联系管理员。"], "ok": False}
    finally:
        result_ok = job.get("result", {}).get("ok")
        if job["kind"] == APPLY or not result_ok:
            default_storage.delete(name)  # done, or nothing to confirm: no roster kept
        _save(job_id, job)
    return job["state"]
