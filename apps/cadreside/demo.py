"""Demo cadre side: `cadre1` (a cadre with a branch and volunteer hours, visits and a subsidy
where the demo register has them) and `family1` (the proxy of another cadre), each with a login
card; the card numbers and codes are printed once, as at the card desk."""

import random
from datetime import date

from django.db import transaction

from apps.accounts.models import User
from apps.cadres.models import Cadre

from . import services

ORDER = 90


@transaction.atomic
def seed(*, rng: random.Random, today: date, log) -> None:
    if User.objects.filter(username__in=["cadre1", "family1"]).exists():
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
