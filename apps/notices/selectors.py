"""Reads of notices: counts per notice for staff (one grouped query), the cadre's own list."""

from django.db.models import Count, Q

from .models import Notice, NoticeRecipient


def notices_with_counts(*, user):
    return (
        Notice.objects.visible_to(user)
        .select_related("unit", "target_unit", "target_branch")
        .annotate(
            n_recipients=Count("recipients"),
            n_read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
            n_yes=Count("recipients", filter=Q(recipients__reply=NoticeRecipient.Reply.YES)),
            n_no=Count("recipients", filter=Q(recipients__reply=NoticeRecipient.Reply.NO)),
        )
    )


def counts_of(notice: Notice) -> dict:
    return notice.recipients.aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        yes=Count("pk", filter=Q(reply=NoticeRecipient.Reply.YES)),
        no=Count("pk", filter=Q(reply=NoticeRecipient.Reply.NO)),
    )


def notices_for_cadre(*, user, cadre):
    return (
        NoticeRecipient.objects.visible_to(user)
        .delivered()
        .filter(cadre=cadre)
        .select_related("notice")
        .order_by("-notice__sent_at", "-pk")
    )


def unread_count(*, user, cadre) -> int:
    return notices_for_cadre(user=user, cadre=cadre).filter(read_at=None).count()
