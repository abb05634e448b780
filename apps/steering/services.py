"""Writes of the steering app: one function per action, each in its transaction."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.core.metrics import metric_value
from apps.core.uploads import IMAGE, PDF, verify_upload
from apps.notifications.services import ReminderSpec, remind_many, reminders_close

from .models import (
    AssessmentEntry,
    AssessmentRound,
    Evidence,
    ItemScore,
    Milestone,
    RubricItem,
    TaskAssignment,
    TaskEvent,
    TaskItem,
    TaskList,
)

KIND_OVERDUE = "steering_task_overdue"
KIND_ESCALATED = "steering_task_escalated"
MAX_FILES = 10
ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


# --- 任务清单 ------------------------------------------------------------------------------------
@transaction.atomic
def task_list_issue(*, task_list: TaskList, by, on: date) -> int:
    """Issue the list: one assignment per item and owner unit (a second issue, after owner
    units were added, creates only the new ones). Returns how many were created."""
    task_list = TaskList.objects.select_for_update().get(pk=task_list.pk)
    rows = [
        TaskAssignment(item=item, unit=unit)
        for item in TaskItem.objects.filter(task_list=task_list).prefetch_related("owner_units")
        for unit in item.owner_units.all()
    ]
    if not rows:
        raise ValidationError("清单中还没有指定责任单位的任务事项，不能下达。")
    before = TaskAssignment.objects.filter(item__task_list=task_list).count()
    TaskAssignment.objects.bulk_create(rows, ignore_conflicts=True)
    if task_list.status != TaskList.Status.ISSUED:
        task_list.status, task_list.issued_on = TaskList.Status.ISSUED, on
        task_list.save(update_fields=["status", "issued_on"])
    return TaskAssignment.objects.filter(item__task_list=task_list).count() - before


def _points(value, *, field: str, label: str, high: Decimal | None = None) -> Decimal:
    if value is None:
        raise ValidationError({field: f"请填写{label}。"})
    value = Decimal(value).quantize(CENT)
    if value < 0:
        raise ValidationError({field: f"{label}不能为负数。"})
    if high is not None and value > high:
        raise ValidationError({field: f"{label}不能超过本项分值 {high} 分。"})
    return value


@transaction.atomic
def assignment_report(
    *, assignment: TaskAssignment, by, progress: str, self_score, uploads=()
) -> TaskEvent:
    """The owner unit reports progress with evidence files and a self-score (待审核)."""
    assignment = (
        TaskAssignment.objects.select_for_update().select_related("item").get(pk=assignment.pk)
    )
    if assignment.status == TaskAssignment.Status.ACCEPTED:
        raise ValidationError("该任务已审核通过，不能再报送。")
    if assignment.status == TaskAssignment.Status.SUBMITTED:
        raise ValidationError("该任务已报送，正在等待审核。")
    progress = (progress or "").strip()
    if not progress:
        raise ValidationError({"progress": "请填写进展情况。"})
    score = _points(self_score, field="self_score", label="自评分", high=assignment.item.weight)
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError({"uploads": f"一次最多上传 {MAX_FILES} 个佐证材料。"})
    checked = [(u, verify_upload(u, kinds=(IMAGE, PDF), noun="佐证材料")) for u in uploads]
    event = TaskEvent.objects.create(
        assignment=assignment, kind=TaskEvent.Kind.REPORT, text=progress, self_score=score, by=by
    )
    for upload, verified in checked:
        evidence = Evidence(event=event, name=upload.name[:200], content_type=verified.content_type)
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()
    assignment.progress, assignment.self_score = progress, score
    assignment.status, assignment.reported_at = TaskAssignment.Status.SUBMITTED, timezone.now()
    assignment.save(update_fields=["progress", "self_score", "status", "reported_at"])
    reminders_close(target=assignment, kinds=[KIND_OVERDUE, KIND_ESCALATED])
    return event


@transaction.atomic
def assignment_accept(
    *, assignment: TaskAssignment, by, deduction=ZERO, reason: str = ""
) -> TaskEvent:
    """The bureau accepts the report; points may be deducted (with the reason)."""
    assignment = (
        TaskAssignment.objects.select_for_update().select_related("item").get(pk=assignment.pk)
    )
    if assignment.status != TaskAssignment.Status.SUBMITTED:
        raise ValidationError("只有待审核的报送才能审核。")
    deduction = _points(
        deduction or ZERO, field="deduction", label="扣分", high=assignment.self_score
    )
    reason = (reason or "").strip()
    if deduction and not reason:
        raise ValidationError({"reason": "扣分时请写明理由。"})
    event = TaskEvent.objects.create(
        assignment=assignment, kind=TaskEvent.Kind.ACCEPT, text=reason, deduction=deduction, by=by
    )
    assignment.status = TaskAssignment.Status.ACCEPTED
    assignment.deduction = deduction
    assignment.score = assignment.self_score - deduction
    assignment.reviewed_by, assignment.reviewed_at = by, timezone.now()
    assignment.save(update_fields=["status", "deduction", "score", "reviewed_by", "reviewed_at"])
    return event


@transaction.atomic
def assignment_return(*, assignment: TaskAssignment, by, reason: str) -> TaskEvent:
    """The bureau returns the report with its reason; the unit reports again."""
    assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != TaskAssignment.Status.SUBMITTED:
        raise ValidationError("只有待审核的报送才能退回。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回理由。"})
    event = TaskEvent.objects.create(
        assignment=assignment, kind=TaskEvent.Kind.RETURN, text=reason, by=by
    )
    assignment.status = TaskAssignment.Status.RETURNED
    assignment.reviewed_by, assignment.reviewed_at = by, timezone.now()
    assignment.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return event


def _unit_users(unit_ids, roles) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = User.objects.filter(unit_id__in=unit_ids, role__in=roles, is_active=True).values_list(
        "unit_id", "pk"
    )
    for unit_id, pk in rows:
        found.setdefault(unit_id, []).append(pk)
    return found


def tasks_remind_overdue(*, on: date) -> int:
    """Overdue, unreported items remind the owner unit's staff; past STEERING_ESCALATE_DAYS days
    also its leadership (督办). One reminder per item, person and day: a re-run adds nothing."""
    escalate_after = settings.STEERING_ESCALATE_DAYS
    overdue = list(
        TaskAssignment.objects.overdue(on)
        .filter(item__task_list__status=TaskList.Status.ISSUED)
        .select_related("item", "unit")
    )
    units = {a.unit_id for a in overdue}
    staff = _unit_users(units, [Role.DISTRICT_STAFF, Role.BUREAU_STAFF])
    leaders = _unit_users(units, [Role.LEADERSHIP])
    specs = []
    for a in overdue:
        days = (on - a.item.deadline).days
        url = reverse("steering:assignment_detail", args=[a.pk])
        subject = f"任务逾期 {days} 天未完成：{a.item.title}（时限 {a.item.deadline:%Y-%m-%d}）"
        for pk in staff.get(a.unit_id, []):
            specs.append(
                ReminderSpec(pk, KIND_OVERDUE, f"{KIND_OVERDUE}:{a.pk}:{on}", subject, on, a, url)
            )
        if days > escalate_after:
            for pk in leaders.get(a.unit_id, []):
                specs.append(
                    ReminderSpec(
                        pk, KIND_ESCALATED, f"{KIND_ESCALATED}:{a.pk}:{on}",
                        f"【督办】{a.unit.name}：{subject}", on, a, url,
                    )
                )  # fmt: skip
    return remind_many(specs)


# --- 考核 / 六好 -----------------------------------------------------------------------------------
def leaves(rubric) -> list[RubricItem]:
    items = list(RubricItem.objects.filter(rubric=rubric).order_by("code"))
    parents = {i.parent_id for i in items if i.parent_id}
    return [i for i in items if i.pk not in parents]


def task_list_rate(*, unit, task_list: TaskList | None) -> Decimal | None:
    """Weight earned / weight assigned (%) of a unit on a list (accepted items' scores)."""
    if task_list is None:
        return None
    rows = TaskAssignment.objects.filter(
        item__task_list=task_list, unit__path__startswith=unit.path
    ).values_list("item__weight", "score")
    total = sum((w for w, _ in rows), ZERO)
    if not total:
        return None
    return (sum((s or ZERO for _, s in rows), ZERO) * HUNDRED / total).quantize(CENT)


def _computed(item: RubricItem, entry: AssessmentEntry) -> tuple[Decimal | None, str]:
    if item.source == RubricItem.Source.TASK_LIST:
        rate = task_list_rate(unit=entry.unit, task_list=entry.round.task_list)
        basis = "任务清单得分率" if rate is not None else "无任务清单数据"
    else:
        value = metric_value(item.metric, unit=entry.unit, year=entry.round.year)
        rate = None if value is None else Decimal(str(value)).quantize(CENT)
        basis = f"平台指标 {item.metric}" if rate is not None else f"平台指标 {item.metric} 无数据"
    if rate is None:
        return None, basis
    rate = max(ZERO, min(HUNDRED, rate))
    return (item.points * rate / HUNDRED).quantize(CENT), f"{basis} {rate}%"


@transaction.atomic
def entry_compute(*, entry: AssessmentEntry) -> AssessmentEntry:
    """Score every leaf: computed items from the task list or the portal's metrics, manual
    ones from the self-score; deductions subtract. The total is stored for the ranking."""
    entry = (
        AssessmentEntry.objects.select_for_update().select_related("round", "unit").get(pk=entry.pk)
    )
    existing = {s.item_id: s for s in ItemScore.objects.filter(entry=entry)}
    total = ZERO
    for item in leaves(entry.round.rubric):
        row = existing.get(item.pk) or ItemScore(entry=entry, item=item)
        if item.source == RubricItem.Source.MANUAL:
            row.score, row.basis = row.self_score, "自评" if row.self_score is not None else ""
        else:
            row.score, row.basis = _computed(item, entry)
        row.save()
        value = row.score or ZERO
        total += -value if item.kind == RubricItem.Kind.DEDUCTION else value
    entry.total = max(ZERO, total)
    entry.save(update_fields=["total"])
    return entry


def round_compute(*, round: AssessmentRound) -> int:
    count = 0
    for entry in AssessmentEntry.objects.filter(round=round):
        entry_compute(entry=entry)
        count += 1
    return count


@transaction.atomic
def entry_self_assess(*, entry: AssessmentEntry, by, scores: dict[int, object]) -> AssessmentEntry:
    """自评: the unit enters its self-scores of the manual items (each within its points)."""
    entry = AssessmentEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in (AssessmentEntry.Status.DRAFT, AssessmentEntry.Status.SELF_ASSESSED):
        raise ValidationError("已推荐或已复核的参评对象不能再修改自评。")
    manual = [i for i in leaves(entry.round.rubric) if i.source == RubricItem.Source.MANUAL]
    errors = {}
    for item in manual:
        try:
            value = _points(
                scores.get(item.pk), field=f"item_{item.pk}", label=item.title, high=item.points
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        ItemScore.objects.update_or_create(entry=entry, item=item, defaults={"self_score": value})
    if errors:
        raise ValidationError(errors)
    entry.status = AssessmentEntry.Status.SELF_ASSESSED
    entry.self_assessed_by, entry.self_assessed_at = by, timezone.now()
    entry.save(update_fields=["status", "self_assessed_by", "self_assessed_at"])
    return entry_compute(entry=entry)


@transaction.atomic
def entry_recommend(*, entry: AssessmentEntry, by) -> AssessmentEntry:
    entry = AssessmentEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != AssessmentEntry.Status.SELF_ASSESSED:
        raise ValidationError("只有已自评的参评对象才能推荐。")
    entry.status = AssessmentEntry.Status.RECOMMENDED
    entry.recommended_by, entry.recommended_at = by, timezone.now()
    entry.save(update_fields=["status", "recommended_by", "recommended_at"])
    return entry


@transaction.atomic
def entry_review(*, entry: AssessmentEntry, by, named: bool, note: str = "") -> AssessmentEntry:
    """复核命名: the city bureau names the entry, or not (with its reason)."""
    entry = AssessmentEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != AssessmentEntry.Status.RECOMMENDED:
        raise ValidationError("只有已推荐的参评对象才能复核。")
    note = (note or "").strip()
    if not named and not note:
        raise ValidationError({"note": "复核未通过时请写明意见。"})
    entry.status = AssessmentEntry.Status.NAMED if named else AssessmentEntry.Status.NOT_NAMED
    entry.reviewed_by, entry.reviewed_at, entry.review_note = by, timezone.now(), note[:300]
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return entry


# --- 办实事 / 重点课题 ------------------------------------------------------------------------------
@transaction.atomic
def milestone_done(*, milestone: Milestone, by, on: date) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError("该节点已完成。")
    if on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    milestone.done_on, milestone.done_by = on, by
    milestone.save(update_fields=["done_on", "done_by"])
    return milestone
