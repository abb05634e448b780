from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from apps.publicity.models import Adoption, Article, Category, Exemplar, InfoSubmission, MediaLevel
from tests.factories import CadreFactory, OrgUnitFactory


def level(code: str) -> MediaLevel:
    """The rows seeded by migration 0002 (中央级 10, 省级 5, 市级 2, 县级 1)."""
    return MediaLevel.objects.get(code=code)


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"老干部工作动态第{n}篇")
    category = Category.WORK
    body = "<p>离退休干部党支部开展主题党日活动。</p>"
    body_text = "离退休干部党支部开展主题党日活动。"
    source_unit = factory.SubFactory(OrgUnitFactory)
    status = Article.Status.DRAFT


class PublishedArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=1, minutes=n))


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = InfoSubmission

    unit = factory.SubFactory(OrgUnitFactory)
    title = factory.Sequence(lambda n: f"报送信息{n}")
    content = "社区银发志愿者开展义诊。"
    submitted_on = factory.LazyFunction(timezone.localdate)


class AdoptionFactory(DjangoModelFactory):
    class Meta:
        model = Adoption

    submission = factory.SubFactory(SubmissionFactory)
    outlet = factory.Sequence(lambda n: f"媒体{n}")
    level = factory.LazyFunction(lambda: level("city"))
    adopted_on = factory.LazyAttribute(lambda o: o.submission.submitted_on)


class ExemplarFactory(DjangoModelFactory):
    class Meta:
        model = Exemplar

    cadre = factory.SubFactory(CadreFactory)
    title = factory.Sequence(lambda n: f"银发先锋事迹{n}")
    story = "<p>退休后义务为社区调解矛盾二十年。</p>"
    honours = "全国优秀共产党员\n市级银发先锋"
    consent = True
    is_published = True
    published_at = factory.LazyFunction(timezone.now)
