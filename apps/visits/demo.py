"""Demo visits: the rules exist from the data migration; this runs the daily jobs for today
(the same code as beat) and records a share of the visits as done."""

import random
from datetime import date, timedelta
from decimal import Decimal

from apps.notifications.services import reminders_close_many

from .models import Visit, VisitForm
from .services import visits_generate, visits_mark_overdue, visits_remind

ORDER = 40

VISITORS = ["王科长、李干事", "张局长、社区书记", "陈主任", "刘干事、志愿者小周"]
GIFTS = ["米、油", "水果篮", "慰问品一份", ""]


def seed(*, rng: random.Random, today: date, log) -> None:
    if Visit.objects.exists():
        log("  visits: demo visits already present")
        return
    created = visits_generate(on=today)
    ids = list(
        Visit.objects.filter(due_date__lte=today + timedelta(days=7)).values_list("pk", flat=True)
    )
    done = rng.sample(ids, k=len(ids) * 2 // 5)
    forms = list(VisitForm.values)
    for index in range(4):
        part = done[index::4]
        Visit.objects.filter(pk__in=part).update(
            status=Visit.Status.DONE,
            done_on=today - timedelta(days=index * 2),
            form=forms[index],
            visitors=VISITORS[index],
            notes="老同志身体状况良好，对组织的关心表示感谢。",
            money=Decimal(rng.choice(["0", "200.00", "500.00", "1000.00"])),
            gifts=GIFTS[index],
        )
    reminders_close_many(model=Visit, ids=done)
    overdue = visits_mark_overdue(on=today)
    reminded = visits_remind(on=today)
    log(
        f"  visits: {created} visits generated, {len(done)} recorded as done, "
        f"{overdue} overdue, {reminded} reminders"
    )
