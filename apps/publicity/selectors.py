"""Reads that aggregate: the public home page and the units' submission ranking."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DecimalField, F, Min, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank, RowNumber
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.core import xlsx

from .cache import home_cache_seconds, home_key
from .models import Article, Category, Exemplar, MediaLevel

HOME_PER_CATEGORY = 6
HOME_EXEMPLARS = 4


def _home_compute(now: datetime) -> tuple[dict, int]:
    # One query for every category: the newest N of each, by a window in SQL.
    latest = (
        Article.objects.published(now=now)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("category")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=HOME_PER_CATEGORY)
        .select_related("source_unit")
        .only(
            "pk", "title", "category", "summary", "body_text", "published_at", "source_unit__name"
        )
        .order_by("category", "rank")
    )
    by_category = {value: [] for value in Category.values}
    for article in latest:
        by_category[article.category].append(
            {
                "id": article.pk,
                "title": article.title,
                "published_at": article.published_at,
                "source_unit": article.source_unit.name,
                "teaser": article.teaser,
            }
        )
    exemplars = [
        {
            "id": e.pk,
            "title": e.title,
            "name": e.cadre.name,
            "kind": e.get_kind_display(),
            "honours": e.honour_list[:2],
        }
        for e in Exemplar.objects.public()
        .select_related("cadre")
        .only("pk", "title", "kind", "honours", "cadre__name")[:HOME_EXEMPLARS]
    ]
    sections = [
        {"category": value, "label": label, "articles": by_category[value]}
        for value, label in Category.choices
    ]
    # A scheduled article must appear on time: the cached page lives no longer than that.
    next_at = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=now
    ).aggregate(next_at=Min("published_at"))["next_at"]
    timeout = home_cache_seconds()
    if next_at is not None:
        timeout = max(1, min(timeout, int((next_at - now).total_seconds()) + 1))
    return {"sections": sections, "exemplars": exemplars}, timeout


def home_content() -> dict:
    """The home page's data: from Redis when cached (no query), else three queries."""
    key = home_key()
    data = cache.get(key)
    if data is None:
        data, timeout = _home_compute(timezone.now())
        cache.set(key, data, timeout=timeout)
    for section in data["sections"]:
        for article in section["articles"]:
            if isinstance(article["published_at"], str):  # the cache holds JSON: ISO text
                article["published_at"] = datetime.fromisoformat(article["published_at"])
    return data


# --- Ranking of units by adoption points ---------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """First day after the period."""
        if self.quarter is None or self.quarter == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.quarter + 1, 1)

    @property
    def label(self) -> str:
        return f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "全年")


def unit_ranking(*, user, period: Period):
    """Units in the user's scope with submissions or adoptions in the period, ranked by points
    (equal points share a rank). Points are the media level's points per adoption, summed in
    SQL; the adoption date decides the period."""
    adopted = Q(
        info_submissions__adoptions__adopted_on__gte=period.start,
        info_submissions__adoptions__adopted_on__lt=period.end,
    )
    submitted = Q(
        info_submissions__submitted_on__gte=period.start,
        info_submissions__submitted_on__lt=period.end,
    )
    per_level = {
        f"n_{code}": Count(
            "info_submissions__adoptions",
            filter=adopted & Q(info_submissions__adoptions__level__code=code),
        )
        for code in MediaLevel.Code.values
    }
    points = Coalesce(
        Sum("info_submissions__adoptions__level__points", filter=adopted),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=1),
    )
    return (
        OrgUnit.objects.visible_to(user)
        .annotate(
            # A unit -> submission -> adoption chain is one row per adoption, so a plain sum
            # is exact; submissions are counted distinct.
            submissions=Count("info_submissions", filter=submitted, distinct=True),
            adoptions=Count("info_submissions__adoptions", filter=adopted),
            points=points,
            **per_level,
        )
        .filter(Q(submissions__gt=0) | Q(adoptions__gt=0))
        .annotate(rank=Window(Rank(), order_by=F("points").desc()))
        .order_by("-points", "path")
    )


RANKING_HEADERS = ["排名", "单位", "报送条数", "采用篇次", "中央级", "省级", "市级", "县级", "得分"]


def ranking_rows(qs) -> list[list]:
    return [
        [
            u.rank,
            u.name,
            u.submissions,
            u.adoptions,
            u.n_central,
            u.n_provincial,
            u.n_city,
            u.n_county,
            u.points,
        ]
        for u in qs
    ]


def ranking_workbook(*, rows: list[list], period: Period, scope: str) -> bytes:
    book = xlsx.workbook()
    sheet = book.active
    sheet.title = "信息报送排名"
    xlsx.append(sheet, [f"信息报送得分排名（{period.label}）{scope}"])
    sheet["A1"].font = xlsx.font(bold=True, size=14)
    levels = "；".join(f"{m.get_code_display()} {m.points} 分" for m in MediaLevel.objects.all())
    xlsx.append(sheet, [f"计分标准：{levels}" if levels else ""])
    xlsx.append(sheet, RANKING_HEADERS)
    for cell in sheet[3]:
        cell.font = xlsx.font(bold=True)
        cell.alignment = xlsx.alignment(horizontal="center")
    for row in rows:
        xlsx.append(sheet, [float(v) if isinstance(v, Decimal) else v for v in row])
    sheet.column_dimensions["B"].width = 28
    for col in "CDEFGHI":
        sheet.column_dimensions[col].width = 10
    return xlsx.workbook_bytes(book)


def current_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(year=today.year, quarter=(today.month - 1) // 3 + 1)


def recent_years(today: date | None = None, count: int = 5) -> list[int]:
    today = today or timezone.localdate()
    return [today.year - i for i in range(count)]
