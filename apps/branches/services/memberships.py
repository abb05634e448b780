from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.cadres.models import Cadre

from ..models import Membership, PartyBranch


@transaction.atomic
def membership_join(
    *, cadre: Cadre, branch: PartyBranch, on: date, role: str = Membership.Role.MEMBER
) -> Membership:
    if not cadre.is_party_member:
        raise ValidationError("只有中共党员才能编入党支部。")
    membership = Membership(cadre=cadre, branch=branch, role=role, joined_on=on)
    membership.full_clean()  # the partial unique constraint says "already in another branch"
    membership.save()
    return membership


@transaction.atomic
def membership_move(
    *, membership: Membership, to_branch: PartyBranch, on: date, reason: str = ""
) -> Membership:
    """Close the member's active membership on `on` and open one in `to_branch` the same day.

    Both writes happen in one transaction, with the old row locked: a concurrent move of the
    same member waits, then sees it closed and fails, so there is never a moment with zero or
    two active memberships (the partial unique index is the backstop).
    """
    old = Membership.objects.select_for_update().get(pk=membership.pk)
    if old.left_on is not None:
        raise ValidationError("该组织关系已经转出，不能再次转移。")
    if old.branch_id == to_branch.pk:
        raise ValidationError("转入支部与当前支部相同。")
    if on < old.joined_on:
        raise ValidationError({"on": "转移日期不能早于转入当前支部的日期。"})
    old.left_on = on
    old.left_reason = reason or f"转至{to_branch.name}"
    old.full_clean()
    old.save(update_fields=["left_on", "left_reason"])
    new = Membership(
        cadre_id=old.cadre_id,
        branch=to_branch,
        role=Membership.Role.MEMBER,
        joined_on=on,
        pension=old.pension,
    )
    new.full_clean()
    new.save()
    return new
