"""Every write of the cadre side: accounts and grants, login cards, sign-ins."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.accounts.roles import user_set_role
from apps.cadres.models import Cadre
from apps.casework import services as casework_services
from apps.casework.models import ServiceRequest

from .models import CadreAccount, DutyPhone, HelpCall, LoginCard, ProxyGrant, SignInAttempt

# A bare 6-digit code is guessable across thousands of cards, so the code is only ever checked
# together with its card number, and failures are counted per card number and per IP.
MAX_FAILURES_PER_NUMBER = 5
MAX_FAILURES_PER_IP = 20
FAILURE_WINDOW = 15 * 60
SESSION_CARD_KEY = "cadreside_card_id"
SESSION_AGE = 180 * 24 * 3600


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_hash(number: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{number}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def cadre_account_create(*, cadre: Cadre, username: str) -> User:
    user = User.objects.create_user(username=username, full_name=cadre.name, unit=cadre.unit)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user_set_role(user=user, role=Role.CADRE)
    CadreAccount.objects.create(user=user, cadre=cadre)
    return user


@transaction.atomic
def proxy_grant_create(
    *,
    cadre: Cadre,
    user: User | None = None,
    username: str = "",
    full_name: str = "",
    relation: str,
    by: User | None,
) -> ProxyGrant:
    if user is None:
        user = User.objects.create_user(username=username, full_name=full_name, unit=cadre.unit)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user_set_role(user=user, role=Role.FAMILY)
    return ProxyGrant.objects.create(
        user=user, cadre=cadre, relation=relation, granted_by=by, starts_on=timezone.localdate()
    )


def proxy_grant_revoke(*, grant: ProxyGrant) -> None:
    ProxyGrant.objects.filter(pk=grant.pk, revoked_at=None).update(revoked_at=timezone.now())


@dataclass
class IssuedCard:
    card: LoginCard
    token: str  # shown once: only its hash is kept
    code: str


def _new_number() -> str:
    while True:
        number = f"{secrets.randbelow(10**8):08d}"
        if not LoginCard.objects.filter(number=number).exists():
            return number


@transaction.atomic
def card_issue(*, cadre: Cadre, holder: User, by: User | None) -> IssuedCard:
    """A new card for `holder` (the cadre's own user or an active proxy); the holder's earlier
    cards for this cadre are revoked (reissue)."""
    is_own = CadreAccount.objects.filter(user=holder, cadre=cadre).exists()
    is_proxy = ProxyGrant.objects.active().filter(user=holder, cadre=cadre).exists()
    if not (is_own or is_proxy):
        raise ValueError("持卡人不是该干部本人或其代办家属。")
    now = timezone.now()
    LoginCard.objects.filter(cadre=cadre, holder=holder, revoked_at=None).update(
        revoked_at=now, revoked_by=by
    )
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**6):06d}"
    number = _new_number()
    card = LoginCard.objects.create(
        cadre=cadre,
        holder=holder,
        number=number,
        token_hash=token_hash(token),
        code_hash=code_hash(number, code),
        issued_by=by,
    )
    return IssuedCard(card=card, token=token, code=code)


def card_revoke(*, card: LoginCard, by: User) -> bool:
    return bool(
        LoginCard.objects.filter(pk=card.pk, revoked_at=None).update(
            revoked_at=timezone.now(), revoked_by=by
        )
    )


def _log(*, card, number, method, success, reason, ip, user_agent) -> None:
    SignInAttempt.objects.create(
        card=card,
        number=number[:40],
        method=method,
        success=success,
        reason=reason,
        ip=ip,
        user_agent=(user_agent or "")[:300],
    )


def _holder_ok(card: LoginCard) -> bool:
    holder = card.holder
    if not holder.is_active:
        return False
    if holder.role == Role.CADRE:
        return CadreAccount.objects.filter(user=holder, cadre_id=card.cadre_id).exists()
    if holder.role == Role.FAMILY:
        return ProxyGrant.objects.active().filter(user=holder, cadre_id=card.cadre_id).exists()
    return False


def card_by_token(*, token: str, ip: str | None, user_agent: str) -> LoginCard | None:
    card = (
        LoginCard.objects.select_related("holder")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    reason = ""
    if card is None:
        reason = "无效二维码"
    elif card.revoked_at is not None:
        reason = "卡已作废"
    elif not _holder_ok(card):
        reason = "账号已停用"
    _log(
        card=card,
        number=card.number if card else "",
        method=SignInAttempt.Method.QR,
        success=not reason,
        reason=reason,
        ip=ip,
        user_agent=user_agent,
    )
    return None if reason else card


def _fail_keys(number: str, ip: str | None) -> tuple[str, str]:
    return f"cadreside:fail:n:{number}", f"cadreside:fail:ip:{ip}"


def _bump(key: str) -> None:
    cache.add(key, 0, FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILURE_WINDOW)


class TooManyAttempts(Exception):
    pass


def card_by_code(*, number: str, code: str, ip: str | None, user_agent: str) -> LoginCard | None:
    """The card for number + code, or None; TooManyAttempts after too many failures for this
    number or from this IP (counted before the code is checked, so a locked number cannot be
    probed further)."""
    number = (number or "").strip()
    code = (code or "").strip()
    by_number, by_ip = _fail_keys(number, ip)
    if (cache.get(by_number) or 0) >= MAX_FAILURES_PER_NUMBER or (
        cache.get(by_ip) or 0
    ) >= MAX_FAILURES_PER_IP:
        _log(
            card=None,
            number=number,
            method=SignInAttempt.Method.CODE,
            success=False,
            reason="尝试过多",
            ip=ip,
            user_agent=user_agent,
        )
        raise TooManyAttempts
    card = (
        LoginCard.objects.select_related("holder").filter(number=number).first() if number else None
    )
    reason = ""
    if card is None or not hmac.compare_digest(card.code_hash, code_hash(number, code)):
        reason = "卡号或验证码错误"
    elif card.revoked_at is not None:
        reason = "卡已作废"
    elif not _holder_ok(card):
        reason = "账号已停用"
    _log(
        card=card,
        number=number,
        method=SignInAttempt.Method.CODE,
        success=not reason,
        reason=reason,
        ip=ip,
        user_agent=user_agent,
    )
    if reason:
        _bump(by_number)
        _bump(by_ip)
        return None
    return card


def session_card_valid(card_id) -> bool:
    return LoginCard.objects.filter(pk=card_id, revoked_at=None).exists()


# --- 一键求助 ----------------------------------------------------------------------------------------
def duty_phone_for(cadre: Cadre) -> str:
    """The nearest duty phone from the cadre's unit up the tree; else the bureau's phone."""
    ids = [int(pk) for pk in cadre.unit.path.strip("/").split("/") if pk]
    phones = dict(DutyPhone.objects.filter(unit_id__in=ids).values_list("unit_id", "phone"))
    for pk in reversed(ids):
        if phones.get(pk):
            return phones[pk]
    return settings.BUREAU_PHONE


def help_call_log(*, cadre: Cadre, by: User, on_behalf: bool) -> HelpCall:
    return HelpCall.objects.create(
        cadre=cadre, unit_id=cadre.unit_id, phone=duty_phone_for(cadre), by=by, on_behalf=on_behalf
    )


@transaction.atomic
def help_call_convert(*, call: HelpCall, content: str, urgency, by: User):
    """The call becomes a 诉求 in one step (received by phone at the time of the call); a call
    already converted is not converted twice."""
    call = HelpCall.objects.select_for_update().select_related("cadre", "by").get(pk=call.pk)
    if call.request_id is not None:
        raise ValidationError("这次求助已经转为诉求。")
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": "请填写来电反映的事情。"})
    request = casework_services.request_create(
        cadre=call.cadre,
        received_via=ServiceRequest.Via.PHONE,
        received_at=call.at,
        content=content,
        urgency=urgency,
        by=by,
        assignee=by,
        requester=call.by.display_name if call.on_behalf else "",
    )
    request.source, request.submitted_by, request.on_behalf = (
        ServiceRequest.Source.HELP_CALL,
        call.by,
        call.on_behalf,
    )
    request.save(update_fields=["source", "submitted_by", "on_behalf"])
    call.request = request
    call.save(update_fields=["request"])
    return request
