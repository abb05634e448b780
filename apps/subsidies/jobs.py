"""Daily subsidy jobs (after the visits jobs), run in order by beat (apps.core.tasks) and by
`manage.py run_daily_jobs`. subsidies_remind declares what it reads (apps.core.changes): a
re-run for the same day with nothing changed does nothing."""

from apps.accounts.models import OrgUnit, User
from apps.cadres.models import Cadre
from apps.core.changes import watch
from apps.core.jobs import register_job
from apps.notifications.models import Reminder

from .models import Entitlement, Payment, PaymentBatch, SubsidyAgeBand, SubsidyType
from .services import subsidies_remind, subsidy_batches_generate
from .services.reminders import (
    KIND_BATCH_DRAFT,
    KIND_BATCH_DUE,
    KIND_BATCH_SUBMITTED,
    KIND_DECEASED,
    KIND_ELIGIBLE,
    KIND_ENDING,
)

REMINDER_KINDS = (
    KIND_BATCH_DUE,
    KIND_BATCH_DRAFT,
    KIND_BATCH_SUBMITTED,
    KIND_ENDING,
    KIND_ELIGIBLE,
    KIND_DECEASED,
)

register_job("subsidy_batches_generate", subsidy_batches_generate, order=40)
register_job(
    "subsidies_remind",
    subsidies_remind,
    order=41,
    inputs=[
        watch(Cadre, key="id", ignore=("updated_at",)),
        watch(Entitlement),
        watch(Payment),
        watch(PaymentBatch),
        watch(SubsidyType),
        watch(SubsidyAgeBand),
        watch(User, ignore=("last_login",)),
        watch(OrgUnit),
        watch(Reminder, ops="ID", key="kind", only=REMINDER_KINDS),
    ],
    settings=("SUBSIDY_BATCH_DAY",),
)
