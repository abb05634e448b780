"""Writes of the accounts app: one function per action."""

import secrets

from axes.utils import reset as axes_reset
from django.db import transaction

from .models import TemporaryPassword, User

# No 0/O, 1/l/I: read aloud over the phone or copied from a note by an elderly user.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_PASSWORD_LENGTH = 10


def _readable_password() -> str:
    while True:
        word = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
        if any(c.isdigit() for c in word) and any(c.isalpha() for c in word):
            return word


@transaction.atomic
def temporary_password_issue(*, user: User, by: User, ip: str | None = None) -> str:
    """Give `user` a temporary password (staff, after checking who is calling): returned once
    and never stored in clear; the user must change it at the next sign-in; a lockout after
    failed attempts is lifted; the act is logged (TemporaryPassword)."""
    password = _readable_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    TemporaryPassword.objects.create(user=user, issued_by=by, ip=ip)
    axes_reset(username=user.get_username())
    return password


def password_changed(*, user: User) -> None:
    """The user chose their own password: the temporary one's obligation ends."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
