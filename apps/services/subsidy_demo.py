"""Demo subsidies, plans and requests (called from demo.py): 护理费 for most 离休, 高龄补贴 for
everyone over 80 (with the 90-year step as an amount change), a few 困难帮扶, bank accounts,
last month's batch paid and this month's batch ready for review."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import Role, User
from apps.cadres.models import Cadre
from apps.subsidies.models import month_start

from .models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    RequestUrgency,
    ServiceNeed,
    ServicePlan,
    ServiceRequest,
    SubsidyAgeBand,
    SubsidyType,
)
from .services.generation import assignee_map
from .services.subsidies import (
    add_months,
    batch_approve,
    batch_generate,
    batch_mark_paid,
    batch_submit,
)

BANKS = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "邮储银行"]
REQUESTS = [
    "家中卫生间扶手松动，请求协助安装",
    "子女在外地，近期住院需要陪护",
    "咨询护理费发放标准",
    "希望参加老年大学书法班",
    "房屋漏雨，行动不便无法维修",
    "医保异地报销手续不清楚",
]


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def seed_subsidies(*, rng: random.Random, today: date, log) -> None:
    if Entitlement.objects.exists():
        log("  services: demo subsidies already present")
        return
    types = {t.code: t for t in SubsidyType.objects.all()}
    if not {"nursing", "longevity", "hardship"} <= set(types):
        log("  services: subsidy types missing (run migrate)")
        return
    bands = list(SubsidyAgeBand.objects.filter(subsidy_type=types["longevity"]).order_by("min_age"))
    this_month = month_start(today)
    since = date(today.year - 1, 1, 1)
    approver = User.objects.filter(role=Role.BUREAU_STAFF).order_by("pk").first()
    entitlements, steps = [], []
    rows = Cadre.objects.alive().values_list(
        "pk", "name", "birth_date", "retirement_kind", "hardship"
    )
    for pk, _name, born, kind, hardship in rows.iterator(chunk_size=5000):
        if hardship and rng.random() < 0.5:
            entitlements.append((pk, "hardship", Decimal("300.00"), this_month, []))
        if kind == Cadre.RetirementKind.LIXIU and rng.random() < 0.85:
            amount = Decimal(rng.choice(["600.00", "800.00", "1000.00"]))
            entitlements.append((pk, "nursing", amount, since, []))
        if not bands:
            continue
        eligible = add_months(month_start(_birthday(born, bands[0].min_age)), 1)
        if eligible <= add_months(this_month, 1):
            start = max(eligible, since)
            changes = []
            for band in bands:
                band_from = add_months(month_start(_birthday(born, band.min_age)), 1)
                if band_from <= add_months(this_month, 1):
                    changes.append((max(band_from, start), band.monthly_amount))
            entitlements.append((pk, "longevity", changes[-1][1], start, changes))
    objects = [
        Entitlement(
            cadre_id=pk,
            subsidy_type=types[code],
            monthly_amount=amount,
            starts_on=start,
            approved_by=approver,
            approved_on=start,
            approval_number=f"老干〔{start.year}〕{index % 90 + 1}号",
        )
        for index, (pk, code, amount, start, _) in enumerate(entitlements)
    ]
    created = Entitlement.objects.bulk_create(objects, batch_size=5000)
    for entitlement, (_, _, amount, start, changes) in zip(created, entitlements, strict=True):
        for effective, step_amount in changes or [(start, amount)]:
            steps.append(
                EntitlementAmount(
                    entitlement=entitlement,
                    effective_from=effective,
                    monthly_amount=step_amount,
                    reason="核定" if effective == start else "年龄段调整",
                    changed_by=approver,
                )
            )
    EntitlementAmount.objects.bulk_create(steps, batch_size=5000, ignore_conflicts=True)
    names = dict(Cadre.objects.filter(entitlements__isnull=False).values_list("pk", "name"))
    CadreBankAccount.objects.bulk_create(
        [
            CadreBankAccount(
                cadre_id=pk,
                bank_name=rng.choice(BANKS),
                account_name=name,
                account_number="6" + "".join(rng.choice("0123456789") for _ in range(18)),
            )
            for pk, name in names.items()
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    last, _ = batch_generate(month=add_months(this_month, -1))
    # 四眼原则: last month's batch is submitted by district staff and approved by the bureau.
    submitter = (
        User.objects.filter(role__in=[Role.DISTRICT_STAFF, Role.BUREAU_STAFF])
        .exclude(pk=getattr(approver, "pk", None))
        .order_by("role", "pk")
        .first()
    )
    if approver is not None and submitter is not None and last.payments.exists():
        batch_submit(batch=last, by=submitter)
        batch_approve(batch=last, by=approver)
        batch_mark_paid(batch=last, by=approver)
    current, count = batch_generate(month=this_month)
    log(
        f"  services: {len(created)} entitlements, {len(names)} bank accounts, "
        f"{current} with {count} payments"
    )
    _seed_plans_and_requests(rng=rng, today=today, log=log)


def _seed_plans_and_requests(*, rng: random.Random, today: date, log) -> None:
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
    log(f"  services: {len(created)} service plans, {len(requests)} service requests")
