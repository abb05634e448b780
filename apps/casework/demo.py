"""Demo 一人一策 plans for 离休 cadres, 一类一策 plans per unit and 急难愁盼 requests, some closed
within their deadline, some still open."""

import random
from datetime import date, timedelta

from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.roles import assignee_map
from apps.cadres.models import Cadre

from .models import RequestUrgency, ServiceNeed, ServicePlan, ServiceRequest

ORDER = 42

REQUESTS = [
    "家中卫生间扶手松动，请求协助安装",
    "子女在外地，近期住院需要陪护",
    "咨询护理费发放标准",
    "希望参加老年大学书法班",
    "房屋漏雨，行动不便无法维修",
    "医保异地报销手续不清楚",
]


def seed(*, rng: random.Random, today: date, log) -> None:
    if ServicePlan.objects.exists() or ServiceRequest.objects.exists():
        log("  casework: demo plans and requests already present")
        return
    assignees = assignee_map(Role.DISTRICT_STAFF)
    needs = list(ServiceNeed.objects.all())
    urgencies = list(RequestUrgency.objects.all())
    lixiu = list(
        Cadre.objects.alive()
        .filter(retirement_kind=Cadre.RetirementKind.LIXIU)
        .order_by("pk")
        .values_list("pk", "name", "unit_id")[:300]
    )
    plans = [
        ServicePlan(
            kind=ServicePlan.Kind.INDIVIDUAL,
            title=f"{name}一人一策",
            cadre_id=pk,
            unit_id=unit_id,
            situation="离休干部，年事已高，子女不在身边。",
            measures="每月上门走访一次；协调社区医生定期体检；节日送上慰问。",
            responsible_id=assignees[unit_id],
            review_on=today + timedelta(days=rng.randint(-5, 120)),
        )
        for pk, name, unit_id in lixiu
        if unit_id in assignees
    ]
    units = {unit_id for _, _, unit_id in lixiu if unit_id in assignees}
    plans += [
        ServicePlan(
            kind=ServicePlan.Kind.GROUP,
            title="独居高龄退休干部一类一策",
            group_description="80岁以上独居退休干部",
            unit_id=unit_id,
            measures="每周电话问候；结对志愿者定期上门；紧急呼叫设备全覆盖。",
            responsible_id=assignees[unit_id],
            review_on=today + timedelta(days=rng.randint(10, 90)),
        )
        for unit_id in sorted(units)[:20]
    ]
    created = ServicePlan.objects.bulk_create(plans, batch_size=2000)
    through = ServicePlan.needs.through
    through.objects.bulk_create(
        [
            through(serviceplan_id=plan.pk, serviceneed_id=need.pk)
            for plan in created
            for need in rng.sample(needs, k=min(2, len(needs)))
        ],
        batch_size=5000,
    )
    cadres = list(Cadre.objects.alive().order_by("?").values_list("pk", "unit_id")[:200])  # noqa: S311 - demo data
    now = timezone.now()
    requests = []
    for index, (pk, unit_id) in enumerate(cadres):
        if unit_id not in assignees or not urgencies:
            continue
        urgency = urgencies[index % len(urgencies)]
        received = now - timedelta(hours=rng.randint(1, 24 * 40))
        closed = index % 3 != 0
        took = timedelta(hours=rng.randint(2, urgency.response_hours + 24))
        closed_at = min(received + took, now) if closed else None
        requests.append(
            ServiceRequest(
                cadre_id=pk,
                received_via=rng.choice(ServiceRequest.Via.values),
                received_at=received,
                content=rng.choice(REQUESTS),
                urgency=urgency,
                deadline=received + timedelta(hours=urgency.response_hours),
                assignee_id=assignees[unit_id],
                status=ServiceRequest.Status.CLOSED if closed else ServiceRequest.Status.OPEN,
                outcome="已协调解决，老同志表示满意。" if closed else "",
                closed_at=closed_at,
            )
        )
    ServiceRequest.objects.bulk_create(requests, batch_size=2000)
    log(f"  casework: {len(created)} service plans, {len(requests)} service requests")
