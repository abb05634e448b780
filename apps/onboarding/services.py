"""Writes of 荣誉退休: the daily start of checklists and the recording of each step."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.cadres.models import Cadre
from apps.notifications.services import ReminderSpec, remind_many

from .models import Checklist, ChecklistStep, Step

KIND_STARTED = "onboarding_started"


def due_cadres(*, on: date):
    """Cadres on the register whose retirement date came within the look-back window."""
    since = on - timedelta(days=settings.ONBOARDING_LOOKBACK_DAYS)
    return Cadre.objects.alive().filter(
        retirement_date__lte=on, retirement_date__gt=since, onboarding__isnull=True
    )


def checklists_start(*, on: date) -> int:
    """Start a checklist (all steps open) for every newly retired cadre without one; tell the
    cadre's unit staff. Identity is the cadre (one-to-one): a re-run or a concurrent run
    creates nothing twice. Returns how many checklists were new."""
    cadres = list(
        due_cadres(on=on).values("pk", "name", "unit_id", "retirement_date", "created_at")
    )
    if not cadres:
        return 0
    with transaction.atomic():
        rows = [
            Checklist(
                cadre_id=c["pk"],
                started_on=on,
                trigger=(
                    Checklist.Trigger.REGISTERED
                    if timezone.localdate(c["created_at"]) >= c["retirement_date"]
                    else Checklist.Trigger.RETIRED
                ),
            )
            for c in cadres
        ]
        Checklist.objects.bulk_create(rows, ignore_conflicts=True)
        new = list(
            Checklist.objects.filter(cadre_id__in=[c["pk"] for c in cadres], started_on=on)
            .filter(steps__isnull=True)
            .values_list("pk", "cadre_id")
        )
        ChecklistStep.objects.bulk_create(
            [ChecklistStep(checklist_id=pk, step=step) for pk, _ in new for step in Step.values],
            ignore_conflicts=True,
        )
    by_cadre = {c["pk"]: c for c in cadres}
    unit_ids = {by_cadre[cadre_id]["unit_id"] for _, cadre_id in new}
    staff: dict[int, list[int]] = {}
    for unit_id, pk in User.objects.filter(
        unit_id__in=unit_ids, role__in=[Role.DISTRICT_STAFF, Role.BUREAU_STAFF], is_active=True
    ).values_list("unit_id", "pk"):
        staff.setdefault(unit_id, []).append(pk)
    remind_many(
        ReminderSpec(
            recipient_id=user_pk,
            kind=KIND_STARTED,
            key=f"{KIND_STARTED}:{pk}",
            subject=f"荣誉退休：{by_cadre[cadre_id]['name']}的荣誉退休工作已启动",
            due_on=on,
            url=reverse("onboarding:detail", args=[pk]),
        )
        for pk, cadre_id in new
        for user_pk in staff.get(by_cadre[cadre_id]["unit_id"], [])
    )
    return len(new)


@transaction.atomic
def step_record(*, step: ChecklistStep, by, done_on: date, note: str = "") -> ChecklistStep:
    """Record a step as done on `done_on` by `by`; the checklist completes with its last step."""
    step = ChecklistStep.objects.select_for_update().select_related("checklist").get(pk=step.pk)
    if step.done_on is not None:
        raise ValidationError("该事项已登记完成。")
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    if done_on < step.checklist.started_on - timedelta(days=settings.ONBOARDING_LOOKBACK_DAYS):
        raise ValidationError({"done_on": "完成日期早于荣誉退休工作启动前太久，请核对。"})
    step.done_on, step.done_by, step.note = done_on, by, (note or "").strip()[:300]
    step.recorded_at = timezone.now()
    step.save(update_fields=["done_on", "done_by", "note", "recorded_at"])
    checklist = Checklist.objects.select_for_update().get(pk=step.checklist_id)
    open_steps = ChecklistStep.objects.filter(checklist=checklist, done_on__isnull=True)
    if not open_steps.exists() and checklist.completed_on is None:
        last = ChecklistStep.objects.filter(checklist=checklist).aggregate(m=Max("done_on"))["m"]
        checklist.completed_on = last
        checklist.save(update_fields=["completed_on"])
    return step
