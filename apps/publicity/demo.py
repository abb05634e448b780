"""Demo news site: published articles in every category (one scheduled, some in review),
information submissions with adoptions across the year, and a few consented exemplars."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import OrgUnit, User
from apps.cadres.models import Cadre

from .models import (
    Adoption,
    Article,
    ArticleTransition,
    Category,
    Exemplar,
    InfoSubmission,
    MediaLevel,
)
from .sanitize import html_to_text, sanitize_html

ORDER = 60

TITLES = {
    Category.WORK: [
        "市委老干部局召开全市老干部工作会议",
        "局机关开展“七一”主题党日活动",
        "全市离退休干部党支部书记培训班开班",
        "老干部工作信息化平台正式上线",
        "市委老干部局开展重阳节走访慰问",
        "全市老干部工作半年推进会召开",
    ],
    Category.LOCAL: [
        "{d}组织老同志参观乡村振兴成果",
        "{d}银发志愿者开展义诊进社区",
        "{d}召开离退休干部情况通报会",
        "{d}老年大学秋季开学",
        "{d}开展“银发生辉”志愿服务活动",
        "{d}走访慰问困难老干部",
    ],
    Category.NOTICE: [
        "关于开展2026年度离退休干部体检工作的通知",
        "关于做好春节期间走访慰问工作的通知",
        "关于评选表彰先进离退休干部党支部的通知",
        "关于征集“银发先锋”事迹材料的通知",
    ],
    Category.EXEMPLAR: [
        "退休不褪色 余热映初心",
        "八旬老党员义务调解纠纷二十年",
        "老教师坚持为留守儿童辅导功课",
        "银发宣讲员走遍全市百个村社",
    ],
    Category.POLICY: [
        "离退休干部生活待遇有关政策问答",
        "关于进一步加强新时代离退休干部党的建设工作的意见（摘要）",
        "离休干部医疗费用保障办法解读",
        "高龄老干部生活补贴发放标准说明",
    ],
}
PARAGRAPHS = [
    "为深入贯彻落实党中央关于新时代老干部工作的决策部署，进一步做好离退休干部服务管理工作，"
    "近日，有关单位精心组织、周密安排，确保各项工作落到实处。",
    "活动中，老同志们精神饱满、热情高涨，纷纷表示将继续发挥自身优势，为经济社会发展贡献智慧和力量。",
    "下一步，将持续推进精准服务，落实“六个必访”要求，用心用情做好老干部工作，让老同志舒心、安心、暖心。",
]
OUTLETS = {
    "central": ["人民日报", "中国老年报", "新华网"],
    "provincial": ["省日报", "省老干部工作网", "省电视台"],
    "city": ["江州日报", "江州电视台", "江州发布"],
    "county": ["区融媒体中心", "县广播电视台"],
}
HONOURS = [
    "全国优秀共产党员",
    "省级优秀志愿者",
    "市级银发先锋",
    "全市离退休干部先进个人",
    "“光荣在党50年”纪念章获得者",
]


def _body(rng: random.Random) -> str:
    paragraphs = rng.sample(PARAGRAPHS, k=len(PARAGRAPHS))
    return sanitize_html("".join(f"<p>{p}</p>" for p in paragraphs))


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))


def seed(*, rng: random.Random, today: date, log) -> None:
    if Article.objects.exists():
        log("  publicity: demo data already present")
        return
    city = OrgUnit.objects.filter(parent=None, kind=OrgUnit.Kind.CITY).order_by("pk").first()
    if city is None:
        log("  publicity: no city unit, skipped")
        return
    districts = list(OrgUnit.objects.filter(parent=city, kind=OrgUnit.Kind.DISTRICT))
    bureau = User.objects.filter(username="bureau").first()
    district_user = User.objects.filter(username="district_dc").first()
    with transaction.atomic():
        articles = _articles(
            rng=rng,
            today=today,
            city=city,
            districts=districts,
            bureau=bureau,
            district_user=district_user,
        )
        submissions, adoptions = _submissions(
            rng=rng, today=today, districts=districts, bureau=bureau
        )
        exemplars = _exemplars(rng=rng, bureau=bureau)
    log(
        f"  publicity: {articles} articles, {submissions} submissions, {adoptions} adoptions, "
        f"{exemplars} exemplars"
    )


def _articles(*, rng, today, city, districts, bureau, district_user) -> int:
    S = Article.Status
    rows, steps = [], []
    for category, titles in TITLES.items():
        for title in titles:
            unit = city
            if category == Category.LOCAL and districts:
                unit = rng.choice(districts)
                title = title.format(d=unit.name)
            body = _body(rng)
            published = _at(today - timedelta(days=rng.randint(0, 90)), rng)
            rows.append(
                Article(
                    title=title,
                    category=category,
                    body=body,
                    body_text=html_to_text(body),
                    source_unit=unit,
                    author=bureau,
                    status=S.PUBLISHED,
                    published_at=published,
                    view_count=rng.randint(20, 900),
                )
            )
    in_review = [
        ("东城区老年书画展开幕（待审）", S.PENDING, None),
        ("关于元旦走访安排的通知（草稿）", S.DRAFT, None),
        ("明日发布：全市银发志愿服务表彰大会", S.PUBLISHED, _at(today + timedelta(days=1), rng)),
    ]
    unit = districts[0] if districts else city
    for title, status, at in in_review:
        body = _body(rng)
        rows.append(
            Article(
                title=title,
                category=Category.LOCAL if status != S.PUBLISHED else Category.WORK,
                body=body,
                body_text=html_to_text(body),
                source_unit=unit if not at else city,
                author=district_user if not at else bureau,
                status=status,
                published_at=at,
            )
        )
    for row in rows:
        row.refresh_search_tokens()  # bulk_create skips save()
    Article.objects.bulk_create(rows)
    for article in rows:
        created = (article.published_at or timezone.now()) - timedelta(days=2)
        steps.append(
            ArticleTransition(
                article=article, from_status="", to_status=S.DRAFT, by=article.author, at=created
            )
        )
        if article.status in (S.PENDING, S.PUBLISHED):
            steps.append(
                ArticleTransition(
                    article=article,
                    from_status=S.DRAFT,
                    to_status=S.PENDING,
                    by=article.author,
                    at=created + timedelta(hours=2),
                )
            )
        if article.status == S.PUBLISHED:
            steps.append(
                ArticleTransition(
                    article=article,
                    from_status=S.PENDING,
                    to_status=S.PUBLISHED,
                    by=bureau,
                    at=created + timedelta(days=1),
                    comment="同意发布",
                )
            )
    ArticleTransition.objects.bulk_create(steps)
    return len(rows)


def _submissions(*, rng, today, districts, bureau) -> tuple[int, int]:
    levels = list(MediaLevel.objects.all())
    if not districts or not levels:
        return 0, 0
    start = date(today.year, 1, 1)
    span = max((today - start).days, 1)
    rows = []
    for unit in districts:
        for n in range(rng.randint(4, 9)):
            rows.append(
                InfoSubmission(
                    unit=unit,
                    title=f"{unit.name}信息第{n + 1}期：老干部志愿服务动态",
                    content=PARAGRAPHS[n % len(PARAGRAPHS)],
                    submitted_on=start + timedelta(days=rng.randint(0, span)),
                )
            )
    InfoSubmission.objects.bulk_create(rows)
    adoptions = []
    for submission in rows:
        for lvl in rng.sample(levels, k=rng.choice([0, 1, 1, 2])):
            adopted = min(submission.submitted_on + timedelta(days=rng.randint(1, 20)), today)
            adoptions.append(
                Adoption(
                    submission=submission,
                    outlet=rng.choice(OUTLETS[lvl.code]),
                    level=lvl,
                    adopted_on=max(adopted, submission.submitted_on),
                    recorded_by=bureau,
                )
            )
    Adoption.objects.bulk_create(adoptions, ignore_conflicts=True)
    return len(rows), len(adoptions)


def _exemplars(*, rng, bureau) -> int:
    cadres = list(
        Cadre.objects.alive().filter(political_status=Cadre.Political.CPC).order_by("pk")[:4]
    )
    rows = []
    stories = TITLES[Category.EXEMPLAR]
    for n, cadre in enumerate(cadres):
        consent = n < 3  # the fourth has not agreed: it must not appear on the site
        rows.append(
            Exemplar(
                cadre=cadre,
                kind=Exemplar.Kind.SILVER if n % 2 else Exemplar.Kind.MODEL,
                title=stories[n % len(stories)],
                story=_body(rng),
                honours="\n".join(rng.sample(HONOURS, k=2)),
                consent=consent,
                consent_on=timezone.localdate() if consent else None,
                is_published=consent,
                published_at=timezone.now() if consent else None,
                created_by=bureau,
                sort_order=n,
            )
        )
    Exemplar.objects.bulk_create(rows)
    return len(rows)
