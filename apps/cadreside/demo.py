"""Demo cadre side: `cadre1` (a cadre with a branch and volunteer hours, visits and a subsidy
where the demo register has them) and `family1` (the proxy of another cadre), each with a login
card; the card numbers and codes are printed once, as at the card desk."""

import random
from datetime import date

from django.db import transaction

from apps.accounts.models import Role, User
from apps.cadres.models import Cadre
from apps.casework import services as casework_services
from apps.casework.models import RequestUrgency, ServiceRequest
from apps.notices import services as notice_services
from apps.notices.models import Notice
from apps.suggestions import services as suggestion_services
from apps.suggestions.models import Suggestion

from . import services
from .models import CadreAccount, DutyPhone, ProxyGrant

ORDER = 90


@transaction.atomic
def seed(*, rng: random.Random, today: date, log) -> None:
    if User.objects.filter(username__in=["cadre1", "family1"]).exists():
        _seed_side(today=today, log=log)
        log("  cadreside: demo data already present")
        return
    free = Cadre.objects.filter(cadre_account__isnull=True, proxy_grants__isnull=True)
    cadre = (
        free.filter(memberships__left_on__isnull=True, volunteer__isnull=False)
        .order_by("pk")
        .first()
        or free.order_by("pk").first()
    )
    if cadre is None:
        log("  cadreside: no cadre in the register, skipped")
        return
    user = services.cadre_account_create(cadre=cadre, username="cadre1")
    other = free.exclude(pk=cadre.pk).order_by("pk").first()
    issued = [services.card_issue(cadre=cadre, holder=user, by=None)]
    if other is not None:
        grant = services.proxy_grant_create(
            cadre=other, username="family1", full_name=f"{other.name}家属", relation="子女", by=None
        )
        issued.append(services.card_issue(cadre=other, holder=grant.user, by=None))
    for card in issued:
        log(
            f"  cadreside: {card.card.holder.username} 登录卡 {card.card.number} 验证码 "
            f"{card.code} 扫码地址 /me/card/{card.token}/"
        )
    _seed_side(today=today, log=log)


def _staff_for(cadre: Cadre) -> User | None:
    unit = cadre.unit
    while unit is not None:
        user = (
            User.objects.filter(
                unit=unit, is_active=True, role__in=[Role.DISTRICT_STAFF, Role.BUREAU_STAFF]
            )
            .order_by("pk")
            .first()
        )
        if user is not None:
            return user
        unit = unit.parent
    return None


def _seed_side(*, today: date, log) -> None:
    """For cadre1: a request answered and waiting for a rating, a 情况通报会 notice asking yes/no,
    a 金点子 waiting for triage, the unit's duty phone and a family member's help call."""
    account = CadreAccount.objects.filter(user__username="cadre1").select_related("cadre").first()
    if account is None or Suggestion.objects.filter(cadre=account.cadre).exists():
        return
    cadre, user = account.cadre, account.user
    staff = _staff_for(cadre)
    if staff is None or not RequestUrgency.objects.exists():
        log("  cadreside: no staff or urgencies for the cadre side's demo, skipped")
        return
    district = cadre.unit if cadre.unit.parent_id is None else cadre.unit.parent
    DutyPhone.objects.get_or_create(
        unit=district, defaults={"phone": "0516-83800000", "hours": "24 小时"}
    )
    request = casework_services.request_submit_from_cadre_side(
        cadre=cadre,
        category=ServiceRequest.Category.REPAIR,
        content="卫生间水管漏水，自己修不了",
        urgent=False,
        by=user,
        on_behalf=False,
    )
    casework_services.request_assign(request=request, assignee=staff, by=staff)
    casework_services.request_close(
        request=request, outcome="已联系社区物业上门更换水管，费用由社区承担。", by=staff
    )
    notice = Notice.objects.create(
        unit=staff.unit,
        title="关于召开老干部情况通报会的通知",
        body=f"定于{today.year}年12月20日上午9时在老干部活动中心召开情况通报会，通报全年工作。",
        audience=Notice.Audience.ALL,
        asks_reply=True,
        reply_question="您是否参加情况通报会？",
        created_by=staff,
    )
    count = notice_services.notice_send(notice=notice, by=staff)
    suggestion_services.suggestion_submit(
        cadre=cadre,
        title="建议社区增设老年助餐点",
        content="小区老人多，子女上班，中午吃饭不方便，建议在社区活动中心增设老年助餐点。",
        by=user,
        on_behalf=False,
    )
    grant = ProxyGrant.objects.active().filter(user__username="family1").first()
    if grant is not None:
        services.help_call_log(cadre=grant.cadre, by=grant.user, on_behalf=True)
    log(
        f"  cadreside: cadre1 has a request to rate (#{request.pk}), a notice to {count} cadres "
        "asking yes/no, a 金点子 in triage; duty phone 0516-83800000"
    )
