"""Masking of personal data for roles without `cadres.view_sensitive` (pages, admin, exports).

`sees_sensitive(user)` is the one answer to "may this user see a cadre's personal data" (ID
number, phone, address, birth date, health, living situation, relocation, hardship, family,
hospital stays, money): pages, exports, filters, search, sorting and counts all ask it, so a field
hidden from a role is also never a filter, a search key, a sort order or a count for it
(DESIGN.md, "Who uses it").
"""


def sees_sensitive(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.has_perm("cadres.view_sensitive")
    )


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_account(value: str | None) -> str:
    if not value:
        return ""
    v = value.replace(" ", "")
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def shown(user, value: str | None, kind: str = "id") -> str:
    """The value as `user` may see it: whole with the permission, masked otherwise."""
    if value and sees_sensitive(user):
        return value
    return {"id": mask_id_number, "phone": mask_phone, "account": mask_account}[kind](value)
