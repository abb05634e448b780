"""Masking of personal data for roles without `cadres.view_sensitive` (pages, admin, exports)."""


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
    if value and user is not None and user.has_perm("cadres.view_sensitive"):
        return value
    return {"id": mask_id_number, "phone": mask_phone, "account": mask_account}[kind](value)
