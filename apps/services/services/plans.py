"""Writes on service plans (一人一策 / 一类一策) and service requests (急难愁盼)."""

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.notifications.services import remind, reminders_close

from ..models import RequestUrgency, ServicePlan, ServiceRequest

logger = logging.getLogger(__name__)


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
        url=reverse("services:request_detail", args=[request.pk]),
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
