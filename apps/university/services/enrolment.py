"""Applications inside the window, withdrawals and the waiting list's move-up.

Every channel is equal: the cadre (本人), a family proxy (recorded as on behalf) and staff at the
counter (代报名) call the same `application_submit`; the moment inside the window counts for
nothing (allocation draws lots). Weekly times that overlap are refused here and again when a
place is given (allocation, move-up)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.cadres.models import Cadre

from ..models import Application, ClassSlot, SchoolClass, Term


def slots_of(class_ids) -> dict[int, list[tuple[int, object, object]]]:
    """{class id: [(weekday, starts_at, ends_at), …]} in one query."""
    found: dict[int, list] = {pk: [] for pk in class_ids}
    rows = ClassSlot.objects.filter(school_class_id__in=list(class_ids)).values_list(
        "school_class_id", "weekday", "starts_at", "ends_at"
    )
    for class_id, weekday, start, end in rows:
        found.setdefault(class_id, []).append((weekday, start, end))
    return found


def slots_overlap(a, b) -> bool:
    return any(wa == wb and sa < eb and sb < ea for wa, sa, ea in a for wb, sb, eb in b)


def slot_label(slots) -> str:
    names = dict(ClassSlot.Weekday.choices)
    return "、".join(f"{names[w]} {s:%H:%M}–{e:%H:%M}" for w, s, e in slots)


def _concurrent_terms_q(term: Term, prefix: str = "school_class__term__") -> Q:
    """Terms whose dates overlap `term`'s: their weekly times meet on the same days."""
    return Q(**{f"{prefix}starts_on__lte": term.ends_on, f"{prefix}ends_on__gte": term.starts_on})


def overlapping_application(
    *, cadre_id: int, school_class: SchoolClass, statuses
) -> Application | None:
    """The cadre's application (in `statuses`) whose class meets at a time overlapping this one."""
    others = list(
        Application.objects.filter(
            _concurrent_terms_q(school_class.term), cadre_id=cadre_id, status__in=statuses
        )
        .exclude(school_class=school_class)
        .select_related("school_class")
    )
    if not others:
        return None
    wanted = slots_of([school_class.pk])[school_class.pk]
    theirs = slots_of({a.school_class_id for a in others})
    for other in others:
        if slots_overlap(wanted, theirs[other.school_class_id]):
            return other
    return None


def eligibility_error(*, school_class: SchoolClass, cadre: Cadre) -> str:
    """Why `cadre` may not apply to the class (Chinese), or "" when they may."""
    term = school_class.term
    if cadre.status != Cadre.Status.ACTIVE:
        return "该学员不在册，不能报名。"
    if not cadre.unit.path.startswith(term.unit.path):
        return f"该学员不属于“{term.unit.name}”老年大学的招生范围。"
    age = cadre.age_on(term.starts_on)
    if school_class.age_min and age < school_class.age_min:
        return f"本班招收 {school_class.age_min} 周岁及以上学员，开课时该学员 {age} 周岁。"
    if school_class.age_max and age > school_class.age_max:
        return f"本班招收 {school_class.age_max} 周岁及以下学员，开课时该学员 {age} 周岁。"
    return ""


@transaction.atomic
def application_submit(
    *, school_class: SchoolClass, cadre: Cadre, by, channel: str, at=None
) -> Application:
    """Apply `cadre` to the class. Raises ValidationError with a Chinese message; nothing is
    saved then. The cadre's row is locked so two applications of the same person (two phones,
    phone and counter) are checked one after the other."""
    at = at or timezone.now()
    cadre = Cadre.objects.select_for_update().select_related("unit").get(pk=cadre.pk)
    school_class = SchoolClass.objects.select_related("term__unit").get(pk=school_class.pk)
    term = school_class.term
    if school_class.status != SchoolClass.Status.OPEN:
        raise ValidationError("本班已停开，不能报名。")
    if not term.window_open(at):
        if term.status == Term.Status.PUBLISHED and at < term.apply_opens_at:
            opens = timezone.localtime(term.apply_opens_at)
            raise ValidationError(f"报名尚未开始，{opens:%Y年%m月%d日 %H:%M} 开始报名。")
        raise ValidationError("报名已经截止，不能再报名。")
    problem = eligibility_error(school_class=school_class, cadre=cadre)
    if problem:
        raise ValidationError(problem)
    mine = Application.objects.active().filter(cadre=cadre)
    if mine.filter(school_class=school_class).exists():
        raise ValidationError("已经报名了这个班级，无需重复报名。")
    if mine.filter(school_class__term=term).count() >= term.max_choices:
        raise ValidationError(f"本学期每人最多报名 {term.max_choices} 个班级，已达上限。")
    clash = overlapping_application(
        cadre_id=cadre.pk, school_class=school_class, statuses=Application.ACTIVE
    )
    if clash is not None:
        times = slot_label(slots_of([clash.school_class_id])[clash.school_class_id])
        raise ValidationError(
            f"与已报名的“{clash.school_class.name}”（{times}）上课时间冲突，不能同时报名。"
        )
    return Application.objects.create(
        school_class=school_class, cadre=cadre, channel=channel, submitted_by=by
    )


def waiting_list_move_up(*, school_class: SchoolClass, at=None) -> list[Application]:
    """Fill the class's free places from its waiting list, in drawn order. Call inside a
    transaction holding the class row lock (select_for_update), so two withdrawals at once
    never fill one place twice. A waiting student whose other place meets at the same time is
    passed over (they stay waiting)."""
    at = at or timezone.now()
    enrolled = Application.objects.filter(
        school_class=school_class, status=Application.Status.ENROLLED
    ).count()
    free = school_class.quota - enrolled
    moved = []
    if free <= 0:
        return moved
    waiting = (
        Application.objects.select_for_update()
        .filter(school_class=school_class, status=Application.Status.WAITING)
        .order_by("draw_rank", "pk")
    )
    for candidate in waiting:
        if len(moved) >= free:
            break
        clash = overlapping_application(
            cadre_id=candidate.cadre_id,
            school_class=school_class,
            statuses=[Application.Status.ENROLLED],
        )
        if clash is not None:
            continue
        candidate.status = Application.Status.ENROLLED
        candidate.enrolled_at = candidate.moved_up_at = at
        candidate.save(update_fields=["status", "enrolled_at", "moved_up_at"])
        moved.append(candidate)
    if moved:
        from .reminders import KIND_MOVED_UP, remind_applications

        ids = [a.pk for a in moved]
        transaction.on_commit(lambda: remind_applications(ids, kind=KIND_MOVED_UP))
    return moved


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str = "") -> list[Application]:
    """Withdraw (退出/退课): the row stays with who and why; a freed place goes to the waiting
    list at once. Returns the applications that moved up."""
    school_class = SchoolClass.objects.select_for_update().get(pk=application.school_class_id)
    row = Application.objects.select_for_update().get(pk=application.pk)
    if row.status == Application.Status.WITHDRAWN:
        raise ValidationError("已经退出，无需重复操作。")
    freed = row.status == Application.Status.ENROLLED
    row.status = Application.Status.WITHDRAWN
    row.withdrawn_at = timezone.now()
    row.withdrawn_by = by
    row.withdraw_reason = (reason or "").strip()[:200]
    row.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdraw_reason"])
    application.status = row.status
    if freed and school_class.term.is_allocated:
        return waiting_list_move_up(school_class=school_class)
    return []


def waiting_lists_fill(*, on) -> int:
    """Daily: places freed by a larger quota (admin) or a move-up passed over earlier go to the
    waiting list. Each class in its own transaction with its row lock; safe to run twice."""
    moved = 0
    classes = SchoolClass.objects.filter(
        term__status=Term.Status.ALLOCATED,
        term__ends_on__gte=on,
        applications__status=Application.Status.WAITING,
    ).distinct()
    for pk in classes.values_list("pk", flat=True):
        with transaction.atomic():
            school_class = SchoolClass.objects.select_for_update().select_related("term").get(pk=pk)
            moved += len(waiting_list_move_up(school_class=school_class))
    return moved
