"""Every write of the subsidies app: entitlements, bank accounts, batches and payments
(subsidies.py) and the daily reminders about them (reminders.py)."""

from .reminders import subsidies_remind
from .subsidies import (
    bank_account_set,
    batch_approve,
    batch_create,
    batch_generate,
    batch_mark_paid,
    batch_recheck,
    batch_return,
    batch_submit,
    entitlement_change_amount,
    entitlement_create,
    entitlement_end,
    payment_mark_failed,
    subsidy_batches_generate,
)

__all__ = [
    "bank_account_set",
    "batch_approve",
    "batch_create",
    "batch_generate",
    "batch_mark_paid",
    "batch_recheck",
    "batch_return",
    "batch_submit",
    "entitlement_change_amount",
    "entitlement_create",
    "entitlement_end",
    "payment_mark_failed",
    "subsidies_remind",
    "subsidy_batches_generate",
]
