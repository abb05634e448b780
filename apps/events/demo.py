"""Demo events: next fortnight's 情况通报会 (a visit for whoever cannot come) inviting the city's
cadres aged 80 and over plus the demo cadre-side users' cadres, with replies by phone and from
the cadre side; last month's 团拜会, closed, with who came. Idempotent."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OrgUnit, Role, User
from apps.cadres.models import Cadre
from apps.core.dates import years_ago

from .models import Event, Invitation

ORDER = 95  # after the cadre side's demo (cadre1, family1)
BRIEFING = "第四季度老干部情况通报会"
NEW_YEAR = "老干部迎新春团拜会"


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def seed(*, rng: random.Random, today: date, log) -> None:
    if Event.objects.filter(title=BRIEFING).exists():
        log("  events: demo data already present")
        return
    city = OrgUnit.objects.filter(parent=None, kind=OrgUnit.Kind.CITY).order_by("pk").first()
    if city is None:
        log("  events: no city unit, skipped")
        return
    staff = User.objects.filter(role=Role.BUREAU_STAFF, unit=city).order_by("pk").first()
    alive = Cadre.objects.alive()
    demo_side = list(
        alive.filter(cadre_account__user__username="cadre1").values_list("pk", flat=True)
    ) + list(alive.filter(proxy_grants__user__username="family1").values_list("pk", flat=True))
    elders = list(
        alive.filter(birth_date__lte=years_ago(today, 80))
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    day = today + timedelta(days=12)
    briefing = Event.objects.create(
        title=BRIEFING,
        kind=Event.Kind.BRIEFING,
        unit=city,
        starts_at=_at(day, 9),
        ends_at=_at(day, 11),
        place="市委小礼堂",
        description="通报全市经济社会发展情况，听取老同志意见建议。",
        rsvp_by=day - timedelta(days=3),
        visit_if_missed=True,
        created_by=staff,
        group_filters=[{"filters": {"min_age": 80}, "by": staff.pk if staff else None}],
    )
    ids = list(dict.fromkeys(demo_side + elders))
    Invitation.objects.bulk_create(Invitation(event=briefing, cadre_id=pk) for pk in ids)
    now = timezone.now()
    answered = []
    for invitation in Invitation.objects.filter(event=briefing).exclude(cadre_id__in=demo_side):
        if rng.random() < 0.6:
            invitation.response = rng.choice(["yes", "yes", "yes", "no"])
            invitation.response_via = Invitation.Via.PHONE
            invitation.responded_at, invitation.responded_by = now, staff
            if invitation.response == "no":
                invitation.response_note = rng.choice(["住院治疗", "外出探亲", "行动不便"])
            answered.append(invitation)
    Invitation.objects.bulk_update(
        answered, ["response", "response_via", "responded_at", "responded_by", "response_note"]
    )
    past = today - timedelta(days=25)
    new_year = Event.objects.create(
        title=NEW_YEAR,
        kind=Event.Kind.NEW_YEAR,
        unit=city,
        starts_at=_at(past, 14),
        ends_at=_at(past, 16),
        place="市老干部活动中心多功能厅",
        created_by=staff,
        status=Event.Status.CLOSED,
        closed_at=_at(past, 17),
    )
    rows = []
    for pk in ids[:120]:
        came = rng.random() < 0.8
        rows.append(
            Invitation(
                event=new_year,
                cadre_id=pk,
                response="yes" if came else "no",
                response_via=Invitation.Via.PHONE,
                checked_in_at=_at(past, 13) if came else None,
                missed_at=None if came else _at(past, 17),
            )
        )
    Invitation.objects.bulk_create(rows)
    log(f"  events: {BRIEFING} ({len(ids)} invited), {NEW_YEAR} ({len(rows)} invited, closed)")
