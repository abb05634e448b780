"""Reads of subsidies that join or aggregate: batch totals and differences, payment rows,
entitlement lists, a cadre's subsidies. Every one starts from `visible_to(user)`."""

from decimal import Decimal

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.dates import add_months

from .models import Entitlement, Payment, PaymentBatch, month_start

ZERO = Decimal("0.00")
DIFF_LIMIT = 200


def batch_payments(*, batch: PaymentBatch, user):
    return (
        Payment.objects.visible_to(user)
        .filter(batch=batch)
        .select_related("cadre", "unit", "subsidy_type", "carried_from")
    )


def batch_totals(*, batch: PaymentBatch, user) -> dict:
    """Totals of the rows `user` may see, in SQL (Decimal): by type, by unit, overall. Failed
    rows are listed but not counted (they are paid again in a later batch)."""
    rows = Payment.objects.visible_to(user).filter(batch=batch).counted().order_by()
    by_type = list(
        rows.values("subsidy_type__name", "subsidy_type__sort_order")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("subsidy_type__sort_order", "subsidy_type__name")
    )
    by_unit = list(
        rows.values("unit__name", "unit__path")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("unit__path")
    )
    overall = rows.aggregate(count=Count("pk"), total=Coalesce(Sum("amount"), ZERO))
    failed = Payment.objects.visible_to(user).filter(batch=batch, status=Payment.Status.FAILED)
    return {
        "by_type": by_type,
        "by_unit": by_unit,
        "count": overall["count"],
        "total": overall["total"],
        "failed": failed.count(),
    }


def previous_batch(batch: PaymentBatch) -> PaymentBatch | None:
    return PaymentBatch.objects.filter(month=add_months(batch.month, -1)).first()


def batch_differences(*, batch: PaymentBatch, user) -> dict:
    """Compared with last month's batch, by entitlement: new rows, stopped rows (paid last month,
    not this one) and changed amounts. Carried rows are not differences."""
    regular = Payment.objects.visible_to(user).filter(carried_from__isnull=True).counted()
    current = regular.filter(batch=batch)
    before = previous_batch(batch)
    if before is None:
        return {"previous": None, "new": [], "stopped": [], "changed": [], "counts": {}}
    last = regular.filter(batch=before)
    # Unscoped and keyed like the partial unique index (entitlement, month): one index probe
    # per row (the entitlement's cadre decides scope already).
    same = Payment.objects.filter(
        batch=before, month=before.month, entitlement=OuterRef("entitlement")
    ).exclude(status=Payment.Status.FAILED)
    # NOT IN (subquery) plans as a hashed subplan whatever the statistics say; an anti-join
    # planned on stale statistics right after a batch is generated went quadratic.
    new = current.exclude(entitlement_id__in=last.values("entitlement_id"))
    stopped = last.exclude(entitlement_id__in=current.values("entitlement_id"))
    changed = current.annotate(previous_amount=Subquery(same.values("amount")[:1])).filter(
        ~Q(previous_amount=F("amount")), previous_amount__isnull=False
    )
    related = ("cadre", "unit", "subsidy_type")
    return {
        "previous": before,
        "new": list(new.select_related(*related)[:DIFF_LIMIT]),
        "stopped": list(stopped.select_related(*related)[:DIFF_LIMIT]),
        "changed": list(changed.select_related(*related)[:DIFF_LIMIT]),
        "counts": {"new": new.count(), "stopped": stopped.count(), "changed": changed.count()},
    }


def entitlements(*, user):
    return Entitlement.objects.visible_to(user).select_related(
        "cadre", "cadre__unit", "subsidy_type"
    )


def bank_account_changes(*, batch: PaymentBatch, user, limit: int = DIFF_LIMIT) -> dict:
    """Accounts changed since the previous batch was generated (how money goes astray), per
    cadre paid in `batch` that `user` may see: who changed it, when, and the account before and
    after, always masked. With no earlier batch there is nothing to compare with."""
    from apps.accounts.masking import mask_account

    from .models import CadreBankAccount

    before = (
        PaymentBatch.objects.filter(month__lt=batch.month, generated_at__isnull=False)
        .order_by("-month")
        .first()
    )
    if before is None:
        return {"previous": None, "since": None, "rows": [], "count": 0}
    since = before.generated_at
    cadres = Payment.objects.visible_to(user).filter(batch=batch).values("cadre_id")
    History = CadreBankAccount.history.model
    changed = (
        History.objects.filter(history_date__gt=since, cadre_id__in=cadres)
        .order_by("cadre_id", "-history_date", "-history_id")
        .distinct("cadre_id")
        .select_related("cadre", "history_user")
    )
    rows = []
    for latest in changed[:limit]:
        old = (
            History.objects.filter(cadre_id=latest.cadre_id, history_date__lte=since)
            .order_by("-history_date", "-history_id")
            .first()
        )
        rows.append(
            {
                "cadre": latest.cadre,
                "changed_at": latest.history_date,
                "changed_by": latest.history_user,
                "old": (
                    f"{old.bank_name} {mask_account(old.account_number)}"
                    if old is not None and old.history_type != "-"
                    else "（无）"
                ),
                "new": (
                    f"{latest.bank_name} {mask_account(latest.account_number)}"
                    if latest.history_type != "-"
                    else "（已删除）"
                ),
            }
        )
    return {"previous": before, "since": since, "rows": rows, "count": changed.count()}


def cadre_entitlements(*, cadre, user):
    """The cadre's entitlements in force this month or later (the cadre page)."""
    return (
        Entitlement.objects.visible_to(user)
        .filter(cadre=cadre)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month_start(timezone.localdate())))
        .select_related("subsidy_type")
    )


def cadre_payments(*, cadre, user):
    return (
        Payment.objects.visible_to(user)
        .filter(cadre=cadre)
        .select_related("subsidy_type")
        .order_by("-month", "subsidy_type_id")
    )
