"""The cadre side's section of the cadre page: who signs in for the cadre (own account, family
proxies), and what was done on the cadre side on the cadre's behalf — who, for whom, when."""

from apps.accounts.masking import sees_sensitive
from apps.casework.models import ServiceRequest
from apps.notices.models import NoticeRecipient
from apps.suggestions.models import Suggestion

from .models import CadreAccount, HelpCall, ProxyGrant

ORDER = 90
LIMIT = 10


def on_behalf_actions(*, cadre, user) -> list[dict]:
    """The latest actions a family proxy took for the cadre, newest first (a few rows each)."""
    rows = []
    for r in (
        ServiceRequest.objects.visible_to(user)
        .filter(cadre=cadre, on_behalf=True)
        .select_related("submitted_by")
        .order_by("-received_at")[:LIMIT]
    ):
        rows.append(
            {"at": r.received_at, "by": r.submitted_by, "what": f"提交诉求：{r.content[:20]}"}
        )
    for r in (
        ServiceRequest.objects.visible_to(user)
        .filter(cadre=cadre, rated_on_behalf=True)
        .select_related("rated_by")
        .order_by("-rated_at")[:LIMIT]
    ):
        rows.append({"at": r.rated_at, "by": r.rated_by, "what": f"评价诉求：{r.rating_label}"})
    for s in (
        Suggestion.objects.visible_to(user)
        .filter(cadre=cadre, on_behalf=True)
        .select_related("submitted_by")
        .order_by("-submitted_at")[:LIMIT]
    ):
        rows.append({"at": s.submitted_at, "by": s.submitted_by, "what": f"提交金点子：{s.title}"})
    for n in (
        NoticeRecipient.objects.visible_to(user)
        .filter(cadre=cadre, replied_on_behalf=True)
        .select_related("replied_by", "notice")
        .order_by("-replied_at")[:LIMIT]
    ):
        rows.append(
            {
                "at": n.replied_at,
                "by": n.replied_by,
                "what": f"回复通知“{n.notice.title}”：{n.get_reply_display()}",
            }
        )
    for c in (
        HelpCall.objects.visible_to(user)
        .filter(cadre=cadre, on_behalf=True)
        .select_related("by")
        .order_by("-at")[:LIMIT]
    ):
        rows.append({"at": c.at, "by": c.by, "what": f"一键求助，拨打 {c.phone}"})
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows[:LIMIT]


def section(*, cadre, user) -> dict | None:
    # Who the family members are and what they did: staff only.
    if not sees_sensitive(user):
        return None
    return {
        "title": "老干部端（本人及家属代办）",
        "template": "cadreside/_cadre_section.html",
        "context": {
            "cadre": cadre,
            "own": CadreAccount.objects.filter(cadre=cadre).exists(),
            "grants": list(ProxyGrant.objects.active().filter(cadre=cadre).select_related("user")),
            "actions": on_behalf_actions(cadre=cadre, user=user),
        },
    }
