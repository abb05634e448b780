"""Signals in the register for one feature app to react to another without importing it
(feature apps are independent: ARCHITECTURE.md).

event_missed — sent by apps.events when an event whose rule says so (visit_if_missed) is closed,
once per invited cadre who did not come. A receiver (apps.visits.receivers) plans a visit; it
must be idempotent, since closing can be retried and a receiver may run again:
    cadre:       the Cadre who could not come
    key:         a stable identity of the occasion, e.g. "event:17" (one visit per cadre and key)
    title:       what the visit is for, e.g. "未参加情况通报会：2026年第四季度情况通报会（送学上门）"
    due_on:      by when the visit should be made (a date)
    unit_id:     the organising unit (whose staff plan the visit)
    notes:       the event's place and time, for the visitor
"""

from django.dispatch import Signal

event_missed = Signal()

# hospitalization_recorded — sent by apps.cadres.services.hospitalization_save after the record
# is committed (transaction.on_commit), so a 生病住院 visit is planned at once, not by the next
# night's job. A receiver (apps.visits.receivers) runs the nightly job's own generator, so the two
# are idempotent with each other (one visit per hospitalisation under visit_once_per_occasion):
#     hospitalization_id: the Hospitalization's id (ids, not objects: the receiver re-reads it)
hospitalization_recorded = Signal()
