"""Writes of the events app: create, invite a group, reply, sign in, close (who could not come,
and a visit for them where the event's rule says so, through apps.cadres.signals.event_missed),
cancel; and the reminder jobs."""

import logging
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.cadres.signals import event_missed
from apps.notifications.services import ReminderSpec, remind_many

from .models import Event, Invitation

logger = logging.getLogger(__name__)

KIND_INVITATION = "event_invitation"
KIND_TOMORROW = "event_tomorrow"
MISSED_VISIT_DAYS = 15  # the visit (送学上门) is due this many days after the event is closed
RESPONSE_CLOSED = "活动已{}，不能再修改回复。"


def event_create(*, by, **fields) -> Event:
    event = Event(created_by=by, **fields)
    if event.ends_at and event.starts_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": "结束时间应晚于开始时间。"})
    if event.rsvp_by and event.starts_at and event.rsvp_by > timezone.localdate(event.starts_at):
        raise ValidationError({"rsvp_by": "回复截止日期不能晚于活动日期。"})
    event.full_clean(validate_constraints=False)
    event.save()
    return event


def _require_open(event: Event) -> None:
    if not event.is_open:
        raise ValidationError(RESPONSE_CLOSED.format(event.get_status_display().lstrip("已")))


@transaction.atomic
def invite_group(*, event: Event, cadres, filters: dict, by) -> int:
    """Invite `cadres` (a queryset already narrowed to the inviter's scope and filter): living
    cadres of the event's unit subtree only; those already invited are skipped (the unique
    constraint). Returns how many were new; the filter is kept on the event as a record."""
    # Locked: two staff inviting at once append both records, neither overwrites the other.
    event = Event.objects.select_for_update().select_related("unit").get(pk=event.pk)
    _require_open(event)
    ids = list(
        cadres.filter(status=Cadre.Status.ACTIVE, unit__path__startswith=event.unit.path)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
    before = Invitation.objects.filter(event=event).count()
    Invitation.objects.bulk_create(
        [Invitation(event=event, cadre_id=pk) for pk in ids], ignore_conflicts=True
    )
    created = Invitation.objects.filter(event=event).count() - before
    event.group_filters = [
        *event.group_filters,
        {"filters": filters, "by": by.pk, "at": timezone.now().isoformat(), "new": created},
    ]
    event.save(update_fields=["group_filters"])
    logger.info("event %s: invited %s new of %s matching", event.pk, created, len(ids))
    return created


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, response: str, via: str, by, note: str = ""
) -> Invitation:
    """A reply, from whoever gives it (the cadre, a proxy, staff after a call): the last reply
    counts, each one kept in the history."""
    invitation = (
        Invitation.objects.select_for_update().select_related("event").get(pk=invitation.pk)
    )
    _require_open(invitation.event)
    if response not in (Invitation.Response.YES, Invitation.Response.NO):
        raise ValidationError({"response": "请选择参加或不能参加。"})
    if timezone.now() >= invitation.event.ends_at:
        raise ValidationError("活动已经结束，不能再修改回复。")
    invitation.response, invitation.response_via = response, via
    invitation.response_note = (note or "").strip()[:200]
    invitation.responded_at, invitation.responded_by = timezone.now(), by
    invitation.save(
        update_fields=[
            "response",
            "response_via",
            "response_note",
            "responded_at",
            "responded_by",
        ]
    )
    return invitation


def invitation_check_in(*, invitation: Invitation, by) -> tuple[Invitation, bool]:
    """Sign in on the day. Idempotent: the first scan signs in, a second one changes nothing and
    says when it happened (the conditional UPDATE decides, so two phones scanning at once
    record one sign-in)."""
    event = invitation.event
    _require_open(event)
    today = timezone.localdate()
    if not (timezone.localdate(event.starts_at) <= today <= timezone.localdate(event.ends_at)):
        raise ValidationError(
            f"签到只在活动当天进行（{timezone.localtime(event.starts_at):%Y年%m月%d日}）。"
        )
    claimed = Invitation.objects.filter(pk=invitation.pk, checked_in_at__isnull=True).update(
        checked_in_at=timezone.now(), checked_in_by=by
    )
    invitation.refresh_from_db()
    if claimed:
        invitation.save(update_fields=["checked_in_at", "checked_in_by"])  # the history row
    return invitation, bool(claimed)


@transaction.atomic
def event_close(*, event: Event, by) -> int:
    """The event is over: whoever did not sign in could not come (kept as missed_at). Where
    the rule says so, each of them gets a visit, asked for through the register's signal after
    the commit. Returns how many could not come."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    _require_open(event)
    now = timezone.now()
    if now < event.starts_at:
        raise ValidationError("活动尚未开始，不能登记结束。")
    missed = Invitation.objects.filter(event=event, checked_in_at__isnull=True)
    count = missed.update(missed_at=now)
    event.status, event.closed_at = Event.Status.CLOSED, now
    event.save(update_fields=["status", "closed_at"])
    if event.visit_if_missed:
        transaction.on_commit(lambda: event_missed_send(event=event))
    return count


def event_missed_send(*, event: Event) -> int:
    """Ask for a visit for every invited cadre who did not come. Safe to repeat: the receiver
    keys each visit by (cadre, "event:<id>")."""
    local = timezone.localtime(event.starts_at)
    due = timezone.localdate(event.closed_at or timezone.now()) + timedelta(days=MISSED_VISIT_DAYS)
    invitations = (
        Invitation.objects.filter(event=event, checked_in_at__isnull=True)
        .select_related("cadre")
        .order_by("pk")
    )
    sent = 0
    for invitation in invitations.iterator():
        event_missed.send(
            sender=Event,
            cadre=invitation.cadre,
            key=f"event:{event.pk}",
            title=f"未参加{event.get_kind_display()}：{event.title}（送学上门）"[:100],
            due_on=due,
            unit_id=event.unit_id,
            notes=f"{local:%Y-%m-%d %H:%M} {event.place}",
        )
        sent += 1
    return sent


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str) -> Event:
    _require_open(event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写取消原因。"})
    event.status, event.cancel_reason = Event.Status.CANCELLED, reason[:200]
    event.save(update_fields=["status", "cancel_reason"])
    return event


# --- reminders (jobs) ---------------------------------------------------------------------------
def _cadre_side_users(cadre_ids) -> dict[int, set[int]]:
    """cadre id -> the users who read for them: their own account and active family proxies."""
    found: dict[int, set[int]] = {}
    own = Cadre.objects.filter(pk__in=cadre_ids, cadre_account__isnull=False).values_list(
        "pk", "cadre_account__user_id"
    )
    proxies = Cadre.objects.filter(
        pk__in=cadre_ids, proxy_grants__revoked_at__isnull=True
    ).values_list("pk", "proxy_grants__user_id")
    for cadre_id, user_id in [*own, *proxies]:
        if user_id is not None:
            found.setdefault(cadre_id, set()).add(user_id)
    return found


def _specs_for(invitations, *, kind: str, subject, due_on) -> list[ReminderSpec]:
    invitations = list(invitations)
    users = _cadre_side_users({i.cadre_id for i in invitations})
    specs = []
    for invitation in invitations:
        url = reverse("events:my_invitation", args=[invitation.pk])
        for user_id in sorted(users.get(invitation.cadre_id, ())):
            specs.append(
                ReminderSpec(
                    recipient_id=user_id,
                    kind=kind,
                    key=f"{kind}:{invitation.pk}",
                    subject=subject(invitation),
                    due_on=due_on(invitation),
                    target=invitation,
                    url=url,
                )
            )
    return specs


def events_remind_invitations(*, on: date) -> int:
    """One 活动邀请 notice per unanswered invitation of an open event still to come."""
    invitations = Invitation.objects.filter(
        event__status=Event.Status.OPEN,
        event__starts_at__date__gte=on,
        response=Invitation.Response.PENDING,
    ).select_related("event")
    return remind_many(
        _specs_for(
            invitations,
            kind=KIND_INVITATION,
            subject=lambda i: f"活动邀请：{i.event.title}，请回复是否参加",
            due_on=lambda i: i.event.rsvp_by or timezone.localdate(i.event.starts_at),
        )
    )


def events_remind_tomorrow(*, on: date) -> int:
    """The day before: the invited who did not decline, and the organiser."""
    tomorrow = on + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    window = Q(event__starts_at__gte=start, event__starts_at__lt=start + timedelta(days=1))
    invitations = (
        Invitation.objects.filter(window, event__status=Event.Status.OPEN)
        .exclude(response=Invitation.Response.NO)
        .select_related("event")
    )

    def subject(i):
        return (
            f"明天{timezone.localtime(i.event.starts_at):%H:%M}：{i.event.title}（{i.event.place}）"
        )

    specs = _specs_for(invitations, kind=KIND_TOMORROW, subject=subject, due_on=lambda i: tomorrow)
    events = Event.objects.filter(
        status=Event.Status.OPEN,
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
        created_by__isnull=False,
    )
    for event in events:
        specs.append(
            ReminderSpec(
                recipient_id=event.created_by_id,
                kind=KIND_TOMORROW,
                key=f"{KIND_TOMORROW}:event:{event.pk}",
                subject=f"明天的活动：{event.title}，请准备签到",
                due_on=tomorrow,
                target=event,
                url=event.get_absolute_url(),
            )
        )
    return remind_many(specs)


def still_relevant(target) -> bool:
    """Event tomorrow: only while the event is still on."""
    event = target.event if isinstance(target, Invitation) else target
    return isinstance(event, Event) and event.is_open and event.ends_at > timezone.now()


def still_unanswered(target) -> bool:
    """Invitation notice: only while nobody has answered it."""
    return (
        isinstance(target, Invitation)
        and target.response == Invitation.Response.PENDING
        and still_relevant(target)
    )
