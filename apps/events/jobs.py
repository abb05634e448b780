from apps.core.jobs import FREQUENT, register_job

from .services import events_remind_invitations, events_remind_tomorrow

# Frequent: an invitation notice reaches the cadre soon after staff invite, not the next night.
register_job("events_remind_invitations", events_remind_invitations, frequency=FREQUENT, order=70)
register_job("events_remind_tomorrow", events_remind_tomorrow, order=70)
