"""Every write of the services app. One module per area (visits, campaigns, generation …); the
subsidy / service-plan work adds its own modules and re-exports them here."""

from .campaigns import campaign_cancel, campaign_create, campaign_generate
from .generation import visits_close_deceased, visits_generate, visits_mark_overdue
from .plans import plan_review, plan_save, request_assign, request_close, request_create
from .reminders import visits_remind
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
from .subsidy_reminders import plans_remind, requests_remind, subsidies_remind
from .visits import visit_cancel, visit_correct, visit_corrections, visit_record

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
    "plan_review",
    "plan_save",
    "plans_remind",
    "request_assign",
    "request_close",
    "request_create",
    "requests_remind",
    "subsidies_remind",
    "subsidy_batches_generate",
    "campaign_cancel",
    "campaign_create",
    "campaign_generate",
    "visit_cancel",
    "visit_correct",
    "visit_corrections",
    "visit_record",
    "visits_close_deceased",
    "visits_generate",
    "visits_mark_overdue",
    "visits_remind",
]
