"""Writes on service plans (一人一策 / 一类一策) and service requests (急难愁盼), and their daily
reminders (plans_remind, requests_remind: each reminder's key names its occurrence, so the jobs
may run any number of times)."""

import logging
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.access import UNIT_STAFF
from apps.accounts.models import Role
from apps.accounts.roles import assignee_map
from apps.notifications.services import ReminderSpec, remind, remind_many, reminders_close

from .models import RequestUrgency, ServicePlan, ServiceRequest

logger = logging.getLogger(__name__)

KIND_PLAN_REVIEW = "plan_review"
KIND_REQUEST_OVERDUE = "request_overdue"
KIND_REQUEST_ASSIGNED = "request_assigned"
PLAN_NOTICE_DAYS = 7


@transaction.atomic
def plan_save(*, plan: ServicePlan, needs, by) -> ServicePlan:
    """Create or update a plan; an individual plan belongs to its cadre's unit."""
    if plan.kind == ServicePlan.Kind.INDIVIDUAL and plan.cadre_id:
        plan.unit_id = plan.cadre.unit_id
    if plan.pk is None:
        plan.created_by = by
    plan.full_clean()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        if "serviceplan_one_active_per_cadre" in str(error):
            raise ValidationError("该干部已有执行中的一人一策方案。") from error
        raise
    plan.needs.set(needs)
    return plan


@transaction.atomic
def plan_review(*, plan: ServicePlan, next_review_on: date, by, close: bool = False) -> ServicePlan:
    plan = ServicePlan.objects.select_for_update().get(pk=plan.pk)
    if not close and next_review_on <= timezone.localdate():
        raise ValidationError({"review_on": "下次评估日期须晚于今天。"})
    plan.review_on = next_review_on
    plan.status = ServicePlan.Status.CLOSED if close else ServicePlan.Status.ACTIVE
    plan.save(update_fields=["review_on", "status", "updated_at"])
    reminders_close(target=plan)
    return plan


def deadline_for(*, urgency: RequestUrgency, received_at: datetime) -> datetime:
    return received_at + timedelta(hours=urgency.response_hours)


@transaction.atomic
def request_create(
    *,
    cadre,
    received_via: str,
    received_at: datetime,
    content: str,
    urgency: RequestUrgency,
    by,
    assignee=None,
    requester: str = "",
) -> ServiceRequest:
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": "受理时间不能晚于现在。"})
    if cadre.is_deceased:
        raise ValidationError({"cadre": f"{cadre.name}已故，不能登记诉求。"})
    request = ServiceRequest(
        cadre=cadre,
        received_via=received_via,
        received_at=received_at,
        requester=requester,
        content=content,
        urgency=urgency,
        deadline=deadline_for(urgency=urgency, received_at=received_at),
        assignee=assignee,
        recorded_by=by,
    )
    request.full_clean()
    request.save()
    if assignee is not None:
        _remind_assigned(request)
    return request


def _remind_assigned(request: ServiceRequest) -> None:
    local = timezone.localtime(request.deadline)
    remind(
        recipient=request.assignee,
        kind="request_assigned",
        key=f"request_assigned:{request.pk}:{request.assignee_id}",
        subject=f"新诉求：{request.cadre.name}（{request.urgency.name}），"
        f"请于{local:%m月%d日 %H:%M}前响应",
        due_on=local.date(),
        target=request,
        url=reverse("casework:request_detail", args=[request.pk]),
    )


@transaction.atomic
def request_assign(*, request: ServiceRequest, assignee, by) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == ServiceRequest.Status.CLOSED:
        raise ValidationError("该诉求已办结，不能再分派。")
    request.assignee = assignee
    request.status = ServiceRequest.Status.IN_PROGRESS
    request.save(update_fields=["assignee", "status"])
    _remind_assigned(request)
    return request


@transaction.atomic
def request_close(*, request: ServiceRequest, outcome: str, by) -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == ServiceRequest.Status.CLOSED:
        raise ValidationError("该诉求已办结。")
    if not outcome.strip():
        raise ValidationError({"outcome": "请填写办理结果。"})
    request.status, request.outcome = ServiceRequest.Status.CLOSED, outcome.strip()
    request.closed_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["status", "outcome", "closed_at"])
    reminders_close(target=request)
    logger.info("service request %s closed by %s", request.pk, getattr(by, "pk", None))
    return request


def plans_remind(*, on: date) -> int:
    rows = ServicePlan.objects.active().filter(review_on__lte=on + timedelta(PLAN_NOTICE_DAYS))
    specs = [
        ReminderSpec(
            recipient_id=responsible_id,
            kind=KIND_PLAN_REVIEW,
            key=f"{KIND_PLAN_REVIEW}:{pk}:{review_on:%Y-%m-%d}",
            subject=f"服务方案“{title}”应于{review_on.month}月{review_on.day}日评估",
            due_on=review_on,
            target=ServicePlan(pk=pk),
            url=reverse("casework:plan_detail", args=[pk]),
        )
        for pk, responsible_id, review_on, title in rows.values_list(
            "pk", "responsible_id", "review_on", "title"
        )
    ]
    return remind_many(specs)


def requests_remind(*, on: date) -> int:
    """Overdue requests remind their assignee (or the unit's staff when nobody has it yet)."""
    end_of_day = timezone.make_aware(datetime.combine(on, time.max))
    now = min(timezone.now(), end_of_day)
    assignees = None
    specs = []
    rows = ServiceRequest.objects.overdue(now=now).values_list(
        "pk", "assignee_id", "cadre__unit_id", "cadre__name", "deadline"
    )
    for pk, assignee_id, unit_id, name, deadline in rows:
        if assignee_id is None:
            assignees = assignees if assignees is not None else assignee_map(Role.DISTRICT_STAFF)
            assignee_id = assignees.get(unit_id)
            if assignee_id is None:
                continue
        local = timezone.localtime(deadline)
        specs.append(
            ReminderSpec(
                recipient_id=assignee_id,
                kind=KIND_REQUEST_OVERDUE,
                key=f"{KIND_REQUEST_OVERDUE}:{pk}",
                subject=f"{name}的诉求已超过响应时限（{local:%m月%d日 %H:%M}），请尽快办理",
                due_on=local.date(),
                target=ServiceRequest(pk=pk),
                url=reverse("casework:request_detail", args=[pk]),
            )
        )
    return remind_many(specs)


# --- from the cadre side (老干部端 / 家属代办) -------------------------------------------------------
KIND_FROM_CADRE = "request_from_cadre"


def _urgency(urgent: bool) -> RequestUrgency:
    """The cadre picks only 一般 or 急: the slowest and the fastest of the urgency rows (data)."""
    rows = RequestUrgency.objects.order_by("response_hours", "pk")
    urgency = rows.first() if urgent else rows.last()
    if urgency is None:
        raise ValidationError("系统未设置紧急程度，请联系老干部局工作人员。")
    return urgency


def _unit_staff(cadre):
    """Staff of the nearest unit, from the cadre's own unit up, that has any (the desk that
    takes the request)."""
    from apps.accounts.models import User

    unit = cadre.unit
    while unit is not None:
        staff = list(User.objects.filter(unit=unit, is_active=True, role__in=UNIT_STAFF))
        if staff:
            return staff
        unit = unit.parent
    return []


@transaction.atomic
def request_submit_from_cadre_side(
    *, cadre, category: str, content: str, urgent: bool, by, on_behalf: bool
) -> ServiceRequest:
    """A 诉求 from the cadre side: enters the casework flow (deadline by urgency) as 网上,
    from 老干部端 or 家属代办, with who pressed submit; the unit's staff are told."""
    if category not in ServiceRequest.Category.values:
        raise ValidationError({"category": "请选择一项需要帮助的事情。"})
    content = (content or "").strip()
    label = ServiceRequest.Category(category).label
    request = request_create(
        cadre=cadre,
        received_via=ServiceRequest.Via.ONLINE,
        received_at=timezone.now(),
        content=f"【{label}】{content}" if content else f"【{label}】（老干部端提交，未填写说明）",
        urgency=_urgency(urgent),
        by=None,
        requester=by.display_name if on_behalf else "",
    )
    request.source = ServiceRequest.Source.FAMILY if on_behalf else ServiceRequest.Source.CADRE
    request.category, request.submitted_by, request.on_behalf = category, by, on_behalf
    request.save(update_fields=["source", "category", "submitted_by", "on_behalf"])
    local = timezone.localtime(request.deadline)
    remind_many(
        ReminderSpec(
            user.pk,
            KIND_FROM_CADRE,
            f"{KIND_FROM_CADRE}:{request.pk}:{user.pk}",
            f"老干部端诉求：{cadre.name}（{label}，{request.urgency.name}），"
            f"请于{local:%m月%d日 %H:%M}前响应",
            local.date(),
            request,
            reverse("casework:request_detail", args=[request.pk]),
            "",
        )
        for user in _unit_staff(cadre)
    )
    return request


@transaction.atomic
def request_rate(
    *, request: ServiceRequest, rating: int, comment: str = "", by, on_behalf: bool
) -> ServiceRequest:
    """回访满意度, once, after the request is closed (the constraint is the backstop)."""
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ServiceRequest.Status.CLOSED:
        raise ValidationError("诉求办结后才能评价。")
    if request.rating is not None:
        raise ValidationError("您已经评价过了，谢谢！")
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": "请选择满意程度。"})
    request.rating, request.rating_comment = rating, (comment or "").strip()[:300]
    request.rated_at, request.rated_by, request.rated_on_behalf = timezone.now(), by, on_behalf
    request.save(
        update_fields=["rating", "rating_comment", "rated_at", "rated_by", "rated_on_behalf"]
    )
    return request
