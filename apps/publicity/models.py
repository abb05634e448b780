from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import OrgUnit
from apps.accounts.scope import scope_q

from .validators import validate_image


class Category(models.TextChoices):
    WORK = "work", "工作动态"
    LOCAL = "local", "各地动态"
    NOTICE = "notice", "通知公告"
    EXEMPLAR = "exemplar", "先进典型"
    POLICY = "policy", "政策法规"


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="source_unit"))

    def published(self, *, now=None):
        """What the public may read: approved, and its publish time has come (scheduled ones
        appear by themselves, no job flips them)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def search(self, text: str):
        """Articles containing every word of `text` (blank-separated) in title or body.
        The bigram tokens narrow through the GIN index; each word is then confirmed as a
        substring (a three-character word's two bigrams could sit apart)."""
        from .search import query_tokens, words

        terms = words(text)
        if not terms:
            return self.none()
        qs = self.filter(search_tokens__contains=query_tokens(text))
        for word in terms:
            qs = qs.filter(Q(title__icontains=word) | Q(body_text__icontains=word))
        return qs


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审"
        PUBLISHED = "published", "已发布"
        RETURNED = "returned", "退回"
        WITHDRAWN = "withdrawn", "已撤下"

    title = models.CharField("标题", max_length=200)
    category = models.CharField("栏目", max_length=20, choices=Category.choices)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = models.TextField("正文", help_text="可使用 HTML；保存时自动清除脚本等不安全内容。")
    # Plain text of the body: what search matches (not tag names or attribute values).
    body_text = models.TextField("正文纯文本", blank=True, editable=False)
    # Search tokens of title and body (apps.publicity.search.document_tokens), kept by save().
    search_tokens = ArrayField(
        models.TextField(), verbose_name="检索词元", default=list, blank=True, editable=False
    )
    cover = models.FileField(
        "封面图片", upload_to="publicity/covers/%Y/%m/", blank=True, validators=[validate_image]
    )
    source_unit = models.ForeignKey(
        OrgUnit, verbose_name="来源单位", on_delete=models.PROTECT, related_name="articles"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撰稿人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    view_count = models.PositiveIntegerField("浏览量", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "新闻稿件"
        verbose_name_plural = "新闻稿件"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "status", "-published_at"], name="article_public"),
            models.Index(fields=["status", "-published_at"], name="article_status_time"),
            GinIndex(fields=["search_tokens"], name="article_search_tokens"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_search_tokens()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "body_text"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_tokens"}
        super().save(*args, **kwargs)

    def refresh_search_tokens(self) -> None:
        from .search import document_tokens

        self.search_tokens = document_tokens(self.title, self.body_text)

    def get_absolute_url(self):
        return reverse("publicity:article", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_public

    @property
    def teaser(self) -> str:
        return self.summary or self.body_text[:120]


class ArticleTransition(models.Model):
    """Every status change of an article: who, when, from what to what, and why."""

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        "原状态", max_length=20, choices=Article.Status.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=20, choices=Article.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "稿件流转记录"
        verbose_name_plural = "稿件流转记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '新建'} → {self.get_to_status_display()}"


class ArticleImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="article__source_unit"))


class ArticleImage(models.Model):
    """An image inserted into an article body; served by a view that checks the article."""

    article = models.ForeignKey(
        Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="images"
    )
    image = models.FileField(
        "图片", upload_to="publicity/images/%Y/%m/", validators=[validate_image]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ArticleImageQuerySet.as_manager()

    class Meta:
        verbose_name = "正文图片"
        verbose_name_plural = "正文图片"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name

    def get_absolute_url(self):
        return reverse("publicity:article_image", args=[self.pk])


class MediaLevel(models.Model):
    """Points per media level (中央级/省级/市级/县级): data, edited in the admin."""

    class Code(models.TextChoices):
        CENTRAL = "central", "中央级"
        PROVINCIAL = "provincial", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    code = models.CharField("媒体级别", max_length=20, choices=Code.choices, unique=True)
    points = models.DecimalField("每篇得分", max_digits=6, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "媒体级别分值"
        verbose_name_plural = "媒体级别分值"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="media_level_points_gte_0")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}（{self.points} 分）"


class InfoSubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="unit"))


class InfoSubmission(models.Model):
    """An item a unit reports to the bureau (信息报送); adoptions by outlets earn it points."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="报送单位", on_delete=models.PROTECT, related_name="info_submissions"
    )
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容")
    submitted_on = models.DateField("报送日期", default=timezone.localdate)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = InfoSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_on", "-pk"]
        indexes = [models.Index(fields=["unit", "submitted_on"], name="infosub_unit_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:submission_detail", args=[self.pk])


class AdoptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="submission__unit"))


class Adoption(models.Model):
    """An outlet used a submission (采用); the level decides the points, via MediaLevel."""

    submission = models.ForeignKey(
        InfoSubmission, verbose_name="报送信息", on_delete=models.CASCADE, related_name="adoptions"
    )
    outlet = models.CharField("采用媒体/刊物", max_length=100)
    level = models.ForeignKey(
        MediaLevel, verbose_name="媒体级别", on_delete=models.PROTECT, related_name="adoptions"
    )
    adopted_on = models.DateField("采用日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = "采用记录"
        verbose_name_plural = "采用记录"
        ordering = ["adopted_on", "pk"]
        indexes = [models.Index(fields=["adopted_on"], name="adoption_date")]
        constraints = [
            # The same outlet using the same item twice scores once.
            models.UniqueConstraint(
                fields=["submission", "outlet"], name="adoption_once_per_outlet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outlet}（{self.level.get_code_display()}）"


class ExemplarQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(scope_q(user, unit="cadre__unit"))

    def public(self):
        # Both conditions, always: publishing a cadre's story needs the cadre's own consent.
        return self.filter(is_published=True, consent=True)


class Exemplar(models.Model):
    class Kind(models.TextChoices):
        MODEL = "model", "先进典型"
        SILVER = "silver", "银发先锋"

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name="干部", on_delete=models.PROTECT, related_name="exemplars"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.SILVER)
    title = models.CharField("标题", max_length=200)
    story = models.TextField("事迹", help_text="可使用 HTML；保存时自动清除不安全内容。")
    honours = models.TextField("荣誉", blank=True, help_text="每行一项")
    photo = models.FileField(
        "照片", upload_to="publicity/exemplars/%Y/", blank=True, validators=[validate_image]
    )
    consent = models.BooleanField("本人同意公开", default=False)
    consent_on = models.DateField("同意日期", null=True, blank=True)
    is_published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = "先进典型"
        verbose_name_plural = "先进典型"
        ordering = ["sort_order", "-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:exemplar", args=[self.pk])

    @property
    def honour_list(self) -> list[str]:
        return [line.strip() for line in self.honours.splitlines() if line.strip()]
