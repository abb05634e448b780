"""Demo subsidies: 护理费 for most 离休, 高龄补贴 for
everyone over 80 (with the 90-year step as an amount change), a few 困难帮扶, bank accounts,
last month's batch paid and this month's batch ready for review."""

import random
from datetime import date
from decimal import Decimal

from apps.accounts.access import UNIT_STAFF
from apps.accounts.models import Role, User
from apps.cadres.models import Cadre
from apps.core.dates import add_months, birthday_at_age

from .models import (
    CadreBankAccount,
    Entitlement,
    EntitlementAmount,
    SubsidyAgeBand,
    SubsidyType,
    month_start,
)
from .services import (
    batch_approve,
    batch_generate,
    batch_mark_paid,
    batch_submit,
)

BANKS = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "邮储银行"]
ORDER = 41


def seed(*, rng: random.Random, today: date, log) -> None:
    if Entitlement.objects.exists():
        log("  subsidies: demo subsidies already present")
        return
    types = {t.code: t for t in SubsidyType.objects.all()}
    if not {"nursing", "longevity", "hardship"} <= set(types):
        log("  subsidies: subsidy types missing (run migrate)")
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
        eligible = add_months(month_start(birthday_at_age(born, bands[0].min_age)), 1)
        if eligible <= add_months(this_month, 1):
            start = max(eligible, since)
            changes = []
            for band in bands:
                band_from = add_months(month_start(birthday_at_age(born, band.min_age)), 1)
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
        User.objects.filter(role__in=UNIT_STAFF)
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
        f"  subsidies: {len(created)} entitlements, {len(names)} bank accounts, "
        f"{current} with {count} payments"
    )
