"""Notices to students (and the family members acting for them) through apps.notifications:
a place given, a move-up from the waiting list, the class starting tomorrow. Keys name the
occurrence, so creating them twice (the service after commit, the daily job) adds nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.urls import reverse

from apps.notifications.services import ReminderSpec, remind_many

from ..models import Application, ClassSession, Term

KIND_PLACE = "university_place"
KIND_MOVED_UP = "university_moved_up"
KIND_TOMORROW = "university_tomorrow"


def recipients_of(cadre_ids) -> dict[int, list[int]]:
    """{cadre id: [user ids]}: the cadre's own account and their active family proxies. The
    accounts live on the cadre side; they are reached here through the user's relations."""
    users = get_user_model().objects.filter(is_active=True)
    found: dict[int, list[int]] = {}
    for user_id, cadre_id in users.filter(cadre_account__cadre_id__in=cadre_ids).values_list(
        "pk", "cadre_account__cadre_id"
    ):
        found.setdefault(cadre_id, []).append(user_id)
    for user_id, cadre_id in users.filter(
        proxy_grants__cadre_id__in=cadre_ids, proxy_grants__revoked_at__isnull=True
    ).values_list("pk", "proxy_grants__cadre_id"):
        found.setdefault(cadre_id, []).append(user_id)
    return found


def _specs(applications, kind: str, *, key, subject, due_on=None, target=None):
    recipients = recipients_of(applications.values("cadre_id"))  # a subquery, not an IN list
    # Only the applications of cadres someone will be told about (many have no account).
    applications = list(applications.filter(cadre_id__in=list(recipients)))
    url = reverse("university:my")
    for a in applications:
        for user_id in recipients.get(a.cadre_id, []):
            yield ReminderSpec(
                recipient_id=user_id,
                kind=kind,
                key=key(a),
                subject=subject(a),
                due_on=due_on,
                target=target(a) if target else a,
                url=url,
            )


def remind_applications(ids, *, kind: str) -> int:
    """Place given / moved up, for these applications (those still enrolled)."""
    rows = Application.objects.filter(pk__in=list(ids), status=Application.Status.ENROLLED)
    rows = rows.select_related("school_class__term")
    if kind == KIND_MOVED_UP:
        subject = "候补递补成功：{name}，请按时上课"
    else:
        subject = "老年大学录取通知：{name}"
    return remind_many(
        _specs(
            rows,
            kind,
            key=lambda a: f"{kind}:{a.pk}",
            subject=lambda a: subject.format(
                name=f"{a.school_class.term.name} {a.school_class.name}"
            ),
        )
    )


def places_remind(*, on) -> int:
    """Daily catch-up: every current place has its notice (a crash after commit loses none)."""
    rows = Application.objects.filter(
        status=Application.Status.ENROLLED,
        school_class__term__status=Term.Status.ALLOCATED,
        school_class__term__ends_on__gte=on,
    )
    created = remind_applications(
        rows.filter(moved_up_at__isnull=True).values_list("pk", flat=True), kind=KIND_PLACE
    )
    created += remind_applications(
        rows.filter(moved_up_at__isnull=False).values_list("pk", flat=True), kind=KIND_MOVED_UP
    )
    return created


def class_starts_remind(*, on) -> int:
    """Classes whose first session is tomorrow: each student (and proxy) is told once."""
    tomorrow = on + timedelta(days=1)
    firsts = (
        ClassSession.objects.filter(status=ClassSession.Status.SCHEDULED)
        .values("school_class_id")
        .annotate(first=Min("on"))
        .filter(first=tomorrow)
    )
    class_ids = [row["school_class_id"] for row in firsts]
    if not class_ids:
        return 0
    sessions = {
        s.school_class_id: s
        for s in ClassSession.objects.filter(
            school_class_id__in=class_ids, on=tomorrow, status=ClassSession.Status.SCHEDULED
        ).order_by("-starts_at")
    }
    rows = Application.objects.filter(
        school_class_id__in=class_ids, status=Application.Status.ENROLLED
    ).select_related("school_class")

    def subject(a):
        s = sessions[a.school_class_id]
        return f"明天开课：{a.school_class.name}，{s.starts_at:%H:%M} 在{a.school_class.room}"

    return remind_many(
        _specs(
            rows,
            KIND_TOMORROW,
            key=lambda a: f"{KIND_TOMORROW}:{a.school_class_id}:{a.pk}",
            subject=subject,
            due_on=tomorrow,
            target=lambda a: sessions[a.school_class_id],
        )
    )
