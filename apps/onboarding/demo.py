"""Demo 荣誉退休: two cadres of 东城区 retired this year, each with a checklist (one half done,
one complete), started by the same job that runs daily."""

import random
from datetime import date, timedelta

from django.db import transaction

from apps.accounts.models import Role, User
from apps.cadres.models import Cadre

from . import services
from .models import Checklist, ChecklistStep, Step

ORDER = 81


def seed(*, rng: random.Random, today: date, log) -> None:
    if Checklist.objects.exists():
        log("onboarding: already seeded, nothing added")
        return
    cadres = list(
        Cadre.objects.alive()
        .filter(unit__name="东城区", retirement_kind=Cadre.RetirementKind.TUIXIU)
        .order_by("pk")[:2]
    )
    if len(cadres) < 2:
        log("onboarding: not enough cadres in 东城区, nothing added")
        return
    staff = User.objects.filter(role=Role.DISTRICT_STAFF, unit=cadres[0].unit).first()
    with transaction.atomic():
        for offset, cadre in zip((40, 90), cadres, strict=True):
            cadre.retirement_date = today - timedelta(days=offset)
            cadre.save(update_fields=["retirement_date"])
    started = services.checklists_start(on=today - timedelta(days=30))
    for checklist, done in zip(
        Checklist.objects.filter(cadre__in=cadres).order_by("cadre_id"), (3, len(Step)), strict=True
    ):
        for i, step in enumerate(ChecklistStep.objects.filter(checklist=checklist).order_by("pk")):
            if i < done:
                services.step_record(
                    step=step, by=staff, done_on=today - timedelta(days=20 - i), note="已完成"
                )
    log(f"onboarding: {started} checklists")
