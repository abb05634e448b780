"""Reads of the events app: the list with its figures, one event's replies and attendance, the
cadre's own invitations. Counts in SQL (Count with filters)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from .models import Event, Invitation

YES, NO, PENDING = (Invitation.Response.YES, Invitation.Response.NO, Invitation.Response.PENDING)
SHOWS = {
    "yes": ("回复参加", Q(response=YES)),
    "no": ("不能参加", Q(response=NO)),
    "pending": ("未回复", Q(response=PENDING)),
    "came": ("已签到", Q(checked_in_at__isnull=False)),
    "missed": ("未到场", Q(checked_in_at__isnull=True)),
}
COUNTS = {
    "invited": Count("pk"),
    **{key: Count("pk", filter=q) for key, (_label, q) in SHOWS.items()},
}


def event_list(*, user):
    return (
        Event.objects.visible_to(user)
        .select_related("unit")
        .annotate(
            invited=Count("invitations"),
            accepted=Count("invitations", filter=Q(invitations__response=YES)),
            came=Count("invitations", filter=Q(invitations__checked_in_at__isnull=False)),
        )
        .order_by("-starts_at", "pk")
    )


def counts(*, event: Event) -> dict:
    """Invited, replied yes/no, no reply, came, did not come: one query."""
    return Invitation.objects.filter(event=event).aggregate(**COUNTS)


def invitations(*, user, event: Event, show: str = "", q: str = ""):
    qs = (
        Invitation.objects.visible_to(user)
        .filter(event=event)
        .select_related("cadre", "cadre__unit", "responded_by")
        .order_by("cadre__name", "pk")
    )
    if show in SHOWS:
        qs = qs.filter(SHOWS[show][1])
    if q:
        # Names only: the desk finds a person by name (or pinyin initials), never by ID digits.
        qs = qs.filter(Q(cadre__name__icontains=q) | Q(cadre__name_initials__startswith=q.lower()))
    return qs


def my_invitations(*, user, cadre):
    """The cadre's invitations to events not over for more than a month, soonest first."""
    since = timezone.now() - timedelta(days=30)
    return (
        Invitation.objects.visible_to(user)
        .filter(cadre=cadre, event__ends_at__gte=since)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )
