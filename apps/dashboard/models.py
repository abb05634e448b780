"""Figures from facts: small aggregate tables per unit (and month) that the dashboard reads
instead of scanning the register, the visits and the payments of a whole province.

Each row counts the live rows of one unit (the cadre's unit for visits and the register, the
payment's own unit for payments); a scope's figure is the sum of the rows on its subtree (the
unit path prefix, joined at read time, so a unit moved in the tree needs no refresh). The rows
are kept by `apps.dashboard.facts`: PostgreSQL statement triggers on the source tables append a
`FactMark` (what changed: kind, unit, month) and the refresh recomputes exactly those slices
from the live rows, set-based. The drill-down links still open the live lists.
"""

from django.db import models

from apps.accounts.models import OrgUnit


class FactMark(models.Model):
    """A slice whose facts are out of date: appended by the triggers (never updated), deleted
    by the refresh that recomputed it. unit/month empty: every unit / every month."""

    class Kind(models.TextChoices):
        VISIT = "visit", "走访"
        PAYMENT = "payment", "发放"
        REGISTER = "register", "在册"
        COVERAGE = "coverage", "易地安置走访"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    unit_id = models.BigIntegerField(null=True)
    month = models.DateField(null=True)

    class Meta:
        verbose_name = "待刷新统计"
        verbose_name_plural = "待刷新统计"


class VisitFact(models.Model):
    """Visits due in `month` of cadres on `unit`, by occasion and status."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    occasion = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = "走访统计"
        verbose_name_plural = "走访统计"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "occasion", "status"], name="visitfact_slice"
            )
        ]


class VisitChange(models.Model):
    """What a statement did to the visit facts, appended by the visits' trigger: the change of
    the count of one (unit, month, occasion, status) slice (negative for rows that left it).
    The refresh adds them to the facts and deletes them, so its work is what changed, not the
    months it touched (a slice marked in FactMark is recomputed from the live rows instead)."""

    unit_id = models.BigIntegerField()
    month = models.DateField()
    occasion = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = "走访统计变化"
        verbose_name_plural = "走访统计变化"


class PaymentFact(models.Model):
    """Subsidy payment rows of `month` on `unit`, by type and status: how many and how much."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    subsidy_type_id = models.BigIntegerField()
    status = models.CharField(max_length=20)
    n = models.IntegerField()
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "发放统计"
        verbose_name_plural = "发放统计"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "subsidy_type_id", "status"], name="paymentfact_slice"
            )
        ]


class RegisterFact(models.Model):
    """Cadres on the register (status 在册) of `unit`, one count per (dimension, value):
    total, kind, health, living, party, relocated, hardship, unorganised (a party member in
    no branch: 应统未统) and born (value 'YYYY-MM', the birth month: age bands are sums of
    whole months plus the edge months counted live)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = "在册统计"
        verbose_name_plural = "在册统计"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "dimension", "value"], name="registerfact_slice"
            )
        ]
        # The dashboard reads a few dimensions of a whole subtree; most rows are birth months.
        indexes = [
            models.Index(
                fields=["dimension", "unit"], include=["value", "n"], name="registerfact_dimension"
            )
        ]


class CoverageFact(models.Model):
    """易地安置全覆盖 for `year` on `unit`: relocated cadres counted that year (on the register,
    or deceased in or after it) and how many of them had a done visit in the year, as the
    visits' coverage report counts them. Kept for the years around this one; another year is
    counted live."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    total = models.IntegerField()
    covered = models.IntegerField()

    class Meta:
        verbose_name = "易地安置走访统计"
        verbose_name_plural = "易地安置走访统计"
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="coveragefact_slice")]
