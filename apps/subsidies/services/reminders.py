"""Reminders about subsidies, through apps.notifications.services.

Each reminder's key names its occurrence (`subsidy_eligible:<type>:<age>:<cadre>` …), so the
daily job may run any number of times: remind_many inserts only what is new.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from apps.accounts.access import city_bureau_q
from apps.accounts.models import Role, User
from apps.accounts.roles import assignee_map
from apps.cadres.models import Cadre, years_ago
from apps.core.dates import add_months
from apps.notifications.services import ReminderSpec, remind_many

from ..models import (
    Entitlement,
    Payment,
    PaymentBatch,
    SubsidyAgeBand,
    SubsidyType,
    month_label,
    month_start,
)
from .subsidies import batch_day

KIND_BATCH_DUE = "subsidy_batch_due"
KIND_BATCH_DRAFT = "subsidy_batch_draft"
KIND_BATCH_SUBMITTED = "subsidy_batch_submitted"
KIND_ENDING = "entitlement_ending"
KIND_ELIGIBLE = "subsidy_eligible"
KIND_DECEASED = "subsidy_deceased"

ELIGIBLE_WINDOW_DAYS = 30
ENDING_WINDOW_DAYS = 30


def city_staff_ids() -> list[int]:
    """Batches cover the whole city: the city bureau's staff review them."""
    staff = User.objects.filter(role=Role.BUREAU_STAFF, is_active=True)
    city = list(staff.filter(city_bureau_q()).values_list("pk", flat=True))
    return city or list(staff.values_list("pk", flat=True))


def _batch_specs(*, on: date) -> list[ReminderSpec]:
    specs = []
    recipients = city_staff_ids()
    coming = add_months(month_start(on), 1)
    day = batch_day()
    if day - 3 <= on.day < day and not PaymentBatch.objects.filter(month=coming).exists():
        specs += [
            ReminderSpec(
                recipient_id=uid,
                kind=KIND_BATCH_DUE,
                key=f"{KIND_BATCH_DUE}:{coming:%Y-%m}",
                subject=f"{month_label(coming)}补贴批次将于{on.month}月{day}日生成，"
                "请先核对享受资格的新增、停发和调整",
                due_on=on.replace(day=day),
                url=reverse("subsidies:entitlement_list"),
            )
            for uid in recipients
        ]
    open_batches = PaymentBatch.objects.filter(
        status__in=[PaymentBatch.Status.DRAFT, PaymentBatch.Status.SUBMITTED]
    )
    for batch in open_batches:
        draft = batch.status == PaymentBatch.Status.DRAFT
        kind = KIND_BATCH_DRAFT if draft else KIND_BATCH_SUBMITTED
        action = "已生成，请审核后提交审批" if draft else "已提交，待审批"
        specs += [
            ReminderSpec(
                recipient_id=uid,
                kind=kind,
                key=f"{kind}:{batch.pk}",
                subject=f"{batch}{action}",
                due_on=batch.month,
                target=batch,
                url=reverse("subsidies:batch_detail", args=[batch.pk]),
            )
            for uid in recipients
        ]
    return specs


def _ending_specs(*, on: date, assignees: dict[int, int]) -> list[ReminderSpec]:
    last = month_start(on + timedelta(days=ENDING_WINDOW_DAYS))
    rows = (
        Entitlement.objects.filter(ends_on__range=(month_start(on), last))
        .filter(Q(cadre__deceased_on__isnull=True))
        .values_list("pk", "ends_on", "cadre__name", "cadre__unit_id", "subsidy_type__name")
    )
    specs = []
    for pk, ends_on, name, unit_id, type_name in rows.iterator(chunk_size=5000):
        if unit_id not in assignees:
            continue
        specs.append(
            ReminderSpec(
                recipient_id=assignees[unit_id],
                kind=KIND_ENDING,
                key=f"{KIND_ENDING}:{pk}:{ends_on:%Y-%m}",
                subject=f"{name}的{type_name}将于{month_label(ends_on)}到期，请确认是否续批",
                due_on=ends_on,
                target=Entitlement(pk=pk),
                url=reverse("subsidies:entitlement_detail", args=[pk]),
            )
        )
    return specs


def _eligible_specs(*, on: date, assignees: dict[int, int]) -> list[ReminderSpec]:
    """Cadres reaching an age band of an age-rule type (80 → 高龄补贴, 90 → higher standard)
    within the window: one reminder per cadre, type and age, ever."""
    specs = []
    low, high = on - timedelta(days=ELIGIBLE_WINDOW_DAYS), on + timedelta(ELIGIBLE_WINDOW_DAYS)
    for subsidy_type in SubsidyType.objects.filter(is_active=True, rule=SubsidyType.Rule.AGE):
        bands = list(SubsidyAgeBand.objects.filter(subsidy_type=subsidy_type).order_by("min_age"))
        for index, band in enumerate(bands):
            cadres = Cadre.objects.alive().filter(
                birth_date__range=(years_ago(low, band.min_age), years_ago(high, band.min_age))
            )
            if subsidy_type.retirement_kind:
                cadres = cadres.filter(retirement_kind=subsidy_type.retirement_kind)
            if index == 0:
                # Already entitled (entered ahead of time): nothing to remind.
                cadres = cadres.filter(
                    ~Exists(
                        Entitlement.objects.filter(
                            cadre=OuterRef("pk"), subsidy_type=subsidy_type, ends_on__isnull=True
                        )
                    )
                )
            rows = cadres.order_by().values_list("pk", "name", "birth_date", "unit_id")
            for pk, name, born, unit_id in rows.iterator(chunk_size=5000):
                if unit_id not in assignees:
                    continue
                birthday = (
                    born.replace(year=born.year + band.min_age)
                    if (
                        born.month,
                        born.day,
                    )
                    != (2, 29)
                    else date(born.year + band.min_age, 3, 1)
                )
                start = add_months(month_start(birthday), subsidy_type.start_offset_months)
                if index == 0:
                    subject = (
                        f"{name}于{birthday.month}月{birthday.day}日年满{band.min_age}周岁，"
                        f"自{month_label(start)}起可享受{subsidy_type.name}"
                        f"（{band.monthly_amount}元/月），请办理"
                    )
                else:
                    subject = (
                        f"{name}于{birthday.month}月{birthday.day}日年满{band.min_age}周岁，"
                        f"{subsidy_type.name}自{month_label(start)}起调整为"
                        f"{band.monthly_amount}元/月"
                    )
                specs.append(
                    ReminderSpec(
                        recipient_id=assignees[unit_id],
                        kind=KIND_ELIGIBLE,
                        key=f"{KIND_ELIGIBLE}:{subsidy_type.pk}:{band.min_age}:{pk}",
                        subject=subject,
                        due_on=start,
                        target=Cadre(pk=pk),
                        url=reverse("subsidies:entitlement_create") + f"?cadre={pk}",
                    )
                )
    return specs


def _deceased_specs(*, assignees: dict[int, int]) -> list[ReminderSpec]:
    """A deceased cadre's payments stop from the month after death: tell the unit once, and
    again whenever a further month turns out to have been paid and must be recovered."""
    paid_after = Payment.objects.filter(
        status=Payment.Status.PAID, month__gt=F("cadre__deceased_on")
    )
    to_recover: dict[int, list] = {}
    for cadre_id, month, type_name, amount in paid_after.order_by(
        "cadre_id", "month", "subsidy_type_id"
    ).values_list("cadre_id", "month", "subsidy_type__name", "amount"):
        to_recover.setdefault(cadre_id, []).append((month, type_name, amount))
    open_entitlement = Entitlement.objects.filter(cadre=OuterRef("pk")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=OuterRef("deceased_on"))
    )
    cadres = (
        Cadre.objects.filter(deceased_on__isnull=False)
        .filter(Exists(open_entitlement) | Q(pk__in=list(to_recover)))
        .order_by()
        .values_list("pk", "name", "deceased_on", "unit_id")
    )
    specs = []
    for pk, name, died, unit_id in cadres.iterator(chunk_size=2000):
        if unit_id not in assignees:
            continue
        stop = add_months(month_start(died), 1)
        paid = to_recover.get(pk, [])
        subject = f"{name}已于{died.month}月{died.day}日去世，补贴自{month_label(stop)}起停发"
        body = ""
        if paid:
            total = sum((amount for _, _, amount in paid), start=Decimal("0"))
            subject += f"，已发{len(paid)}笔共{total}元需追回"
            body = "需追回：\n" + "\n".join(f"{month_label(m)} {t} {a}元" for m, t, a in paid)
        specs.append(
            ReminderSpec(
                recipient_id=assignees[unit_id],
                kind=KIND_DECEASED,
                key=f"{KIND_DECEASED}:{pk}:{len(paid)}",
                subject=subject,
                body=body,
                due_on=stop,
                target=Cadre(pk=pk),
                url=reverse("subsidies:entitlement_list") + f"?cadre={pk}",
            )
        )
    return specs


def subsidies_remind(*, on: date) -> int:
    assignees = assignee_map(Role.DISTRICT_STAFF)
    specs = _batch_specs(on=on)
    specs += _ending_specs(on=on, assignees=assignees)
    specs += _eligible_specs(on=on, assignees=assignees)
    specs += _deceased_specs(assignees=assignees)
    return remind_many(specs)
