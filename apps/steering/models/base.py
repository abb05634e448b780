"""Shared pieces of the steering models."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from apps.accounts.scope import scope_q

POINTS = {"max_digits": 7, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
USER = settings.AUTH_USER_MODEL


class UnitScopedQuerySet(models.QuerySet):
    unit_path = "unit"

    def visible_to(self, user):
        return self.filter(scope_q(user, unit=self.unit_path))
