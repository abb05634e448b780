"""Daily visit jobs, run in order by beat (apps.core.tasks) and by `manage.py run_daily_jobs`.

Each declares what it reads (apps.core.changes), so a re-run for the same day with nothing
changed does nothing, and visits_generate after a day's edits works on the changed cadres only.
"""

from apps.accounts.models import OrgUnit, User
from apps.cadres.models import Cadre, Hospitalization, LifeEvent
from apps.core.changes import watch
from apps.core.jobs import register_job
from apps.notifications.models import Reminder

from .models import Visit, VisitRule
from .services import visits_generate, visits_generate_changed, visits_mark_overdue, visits_remind
from .services.reminders import KIND_DUE, KIND_OVERDUE, visits_remind_changed

# Who is assigned: active staff by role and unit, up the unit tree (accounts.roles.assignee_map).
ASSIGNEES = [watch(User, ignore=("last_login",)), watch(OrgUnit)]

register_job(
    "visits_generate",
    visits_generate,
    order=10,
    inputs=[
        watch(Cadre, key="id", ignore=("updated_at",)),
        watch(Hospitalization, key="cadre_id"),
        watch(LifeEvent, key="cadre_id"),
        # A visit inserted elsewhere may be open for a deceased cadre or unassigned; a deleted
        # one is due again. An update cannot call for a new visit (its occasion key stays
        # taken), and the overdue job's updates are no reason to generate again.
        watch(Visit, ops="ID", key="cadre_id"),
        watch(VisitRule),
        *ASSIGNEES,
    ],
    settings=("VISIT_CATCHUP_DAYS",),
    narrow=visits_generate_changed,
)
register_job(
    "visits_mark_overdue",
    visits_mark_overdue,
    order=20,
    inputs=[watch(Visit, key="cadre_id")],
)
register_job(
    "visits_remind",
    visits_remind,
    order=30,
    inputs=[
        watch(Visit, key="cadre_id"),
        watch(VisitRule),
        # Only whether a visit reminder exists matters (reminders_deliver updates them all day;
        # the other jobs insert reminders of their own kinds).
        watch(Reminder, ops="ID", key="kind", only=(KIND_DUE, KIND_OVERDUE)),
    ],
    settings=("CAMPAIGN_NOTICE_DAYS",),
    narrow=visits_remind_changed,
)
