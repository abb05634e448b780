import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Reminder
from apps.publicity import services
from apps.publicity.models import Article, ArticleTransition, Category
from tests.factories import UserFactory

from .factories import ArticleFactory

S = Article.Status


@pytest.fixture
def draft(staff_a):
    return services.article_create(
        by=staff_a,
        title="东城区开展重阳节走访",
        category=Category.LOCAL,
        body="<p>走访慰问离退休干部。</p>",
        source_unit=staff_a.unit,
    )


@pytest.fixture
def pending(draft, staff_a):
    return services.article_submit(article=draft, by=staff_a)


def test_a_new_article_is_a_draft_with_its_creation_logged(draft, staff_a):
    assert draft.status == S.DRAFT
    step = draft.transitions.get()
    assert (step.from_status, step.to_status, step.by) == ("", S.DRAFT, staff_a)


def test_staff_cannot_write_in_the_name_of_another_district(staff_a, district_b):
    with pytest.raises(ValidationError):
        services.article_create(
            by=staff_a, title="x", category=Category.WORK, body="<p>x</p>", source_unit=district_b
        )
    assert not Article.objects.exists()


def test_a_secretary_cannot_write_articles(secretary):
    with pytest.raises(PermissionDenied):
        services.article_create(
            by=secretary,
            title="x",
            category=Category.WORK,
            body="<p>x</p>",
            source_unit=secretary.unit,
        )


def test_submitting_moves_a_draft_to_pending_and_records_who(pending, staff_a):
    assert pending.status == S.PENDING
    step = pending.transitions.last()
    assert (step.from_status, step.to_status, step.by) == (S.DRAFT, S.PENDING, staff_a)


def test_submitting_reminds_the_city_reviewers(bureau_staff, pending):
    assert Reminder.objects.filter(recipient=bureau_staff, kind="article_pending").count() == 1


def test_a_pending_article_cannot_be_edited_by_its_unit(pending, staff_a):
    with pytest.raises(PermissionDenied):
        services.article_update(article=pending, by=staff_a, data={"title": "改标题"})
    pending.refresh_from_db()
    assert pending.title == "东城区开展重阳节走访"


def test_bureau_approval_publishes_now_and_closes_the_reminder(pending, bureau_staff):
    before = timezone.now()
    article = services.article_approve(article=pending, by=bureau_staff, comment="同意")
    assert article.status == S.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert not Reminder.objects.open().filter(kind="article_pending").exists()
    assert article.transitions.last().comment == "同意"


def test_district_staff_cannot_approve_even_their_own_article(pending, staff_a):
    with pytest.raises(PermissionDenied):
        services.article_approve(article=pending, by=staff_a)
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_district_staff_posting_approve_gets_403(client, pending, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("publicity:manage_approve", args=[pending.pk]))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_approving_a_draft_is_refused_with_a_clear_message(draft, bureau_staff):
    with pytest.raises(ValidationError, match="草稿"):
        services.article_approve(article=draft, by=bureau_staff)


def test_approving_twice_is_refused_the_second_time(pending, bureau_staff):
    services.article_approve(article=pending, by=bureau_staff)
    with pytest.raises(ValidationError):
        services.article_approve(article=pending, by=bureau_staff)
    assert pending.transitions.filter(to_status=S.PUBLISHED).count() == 1


def test_returning_without_a_comment_is_refused_and_changes_nothing(pending, bureau_staff):
    with pytest.raises(ValidationError, match="退回意见"):
        services.article_return(article=pending, by=bureau_staff, comment="  ")
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_return_records_the_comment_and_lets_the_unit_edit_and_resubmit(
    pending, bureau_staff, staff_a
):
    services.article_return(article=pending, by=bureau_staff, comment="请补充照片")
    step = pending.transitions.last()
    assert (step.to_status, step.by, step.comment) == (S.RETURNED, bureau_staff, "请补充照片")
    assert Reminder.objects.filter(recipient=staff_a, kind="article_returned").exists()
    services.article_update(article=pending, by=staff_a, data={"title": "补充后的标题"})
    article = services.article_submit(article=pending, by=staff_a)
    assert (article.status, article.title) == (S.PENDING, "补充后的标题")


def test_the_return_form_without_comment_shows_the_chinese_error(client, pending, bureau_staff):
    client.force_login(bureau_staff)
    response = client.post(
        reverse("publicity:manage_return", args=[pending.pk]), {"comment": ""}, follow=True
    )
    assert "退回时请填写退回意见。" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == S.PENDING


def test_every_transition_of_a_full_path_is_logged(pending, bureau_staff, staff_a):
    services.article_return(article=pending, by=bureau_staff, comment="改")
    services.article_submit(article=pending, by=staff_a)
    services.article_approve(article=pending, by=bureau_staff)
    services.article_unpublish(article=pending, by=bureau_staff, comment="信息有误")
    path = list(pending.transitions.values_list("from_status", "to_status"))
    assert path == [
        ("", S.DRAFT),
        (S.DRAFT, S.PENDING),
        (S.PENDING, S.RETURNED),
        (S.RETURNED, S.PENDING),
        (S.PENDING, S.PUBLISHED),
        (S.PUBLISHED, S.WITHDRAWN),
    ]
    assert ArticleTransition.objects.filter(by__isnull=True).count() == 0


def test_unpublishing_hides_the_article_at_once(
    client, pending, bureau_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.article_approve(article=pending, by=bureau_staff)
    assert client.get(reverse("publicity:home")).content.decode().count(pending.title) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=pending, by=bureau_staff)
    assert client.get(reverse("publicity:article", args=[pending.pk])).status_code == 404
    assert pending.title not in client.get(reverse("publicity:home")).content.decode()


def test_approval_at_a_future_time_is_scheduled_not_public(pending, bureau_staff):
    at = timezone.now() + timedelta(hours=2)
    article = services.article_approve(article=pending, by=bureau_staff, publish_at=at)
    assert article.status == S.PUBLISHED and article.published_at == at
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_scheduled_article_appears_once_its_time_has_come(
    client, pending, bureau_staff, monkeypatch
):
    at = timezone.now() + timedelta(hours=2)
    services.article_approve(article=pending, by=bureau_staff, publish_at=at)
    url = reverse("publicity:article", args=[pending.pk])
    assert client.get(url).status_code == 404
    later = at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(url)
    assert response.status_code == 200
    assert pending.title in response.content.decode()


def test_a_past_publish_time_publishes_now_instead_of_back_dating(pending, bureau_staff):
    article = services.article_approve(
        article=pending, by=bureau_staff, publish_at=timezone.now() - timedelta(days=30)
    )
    assert article.published_at > timezone.now() - timedelta(minutes=1)


def test_staff_of_another_district_get_404_for_an_article(client, pending, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("publicity:manage_detail", args=[pending.pk])).status_code == 404
    assert client.post(reverse("publicity:manage_submit", args=[pending.pk])).status_code == 404


def test_staff_of_another_district_cannot_submit_through_the_service(draft, staff_b):
    with pytest.raises(PermissionDenied):
        services.article_submit(article=draft, by=staff_b)


def test_a_secretary_gets_403_on_news_management(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("publicity:manage")).status_code == 403


def test_writing_through_the_page_saves_a_sanitised_draft(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("publicity:manage_create"),
        {
            "title": "新稿件",
            "category": Category.WORK,
            "source_unit": staff_a.unit_id,
            "summary": "",
            "body": "<p>内容</p><script>alert(1)</script>",
        },
    )
    article = Article.objects.get()
    assert response.url == reverse("publicity:manage_detail", args=[article.pk])
    assert article.body == "<p>内容</p>"
    assert article.author == staff_a


def test_the_management_list_shows_only_the_users_scope_in_bounded_queries(
    client, staff_a, district_b, django_assert_max_num_queries
):
    ArticleFactory.create_batch(25, source_unit=staff_a.unit)
    ArticleFactory.create_batch(3, source_unit=district_b)
    client.force_login(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("publicity:manage"))
    assert response.context["page_obj"].paginator.count == 25


def test_approving_through_the_page_with_a_time_schedules_it(client, pending, bureau_staff):
    client.force_login(bureau_staff)
    at = timezone.localtime() + timedelta(days=1)
    client.post(
        reverse("publicity:manage_approve", args=[pending.pk]),
        {"publish_at": at.strftime("%Y-%m-%dT%H:%M"), "comment": ""},
    )
    pending.refresh_from_db()
    assert pending.status == S.PUBLISHED
    assert pending.published_at == at.replace(second=0, microsecond=0)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_publish_it_once(city, district_a):
    author = UserFactory(role="district_staff", unit=district_a)
    reviewers = [UserFactory(role="bureau_staff", unit=city) for _ in range(2)]
    article = services.article_create(
        by=author, title="并发审核", category=Category.WORK, body="<p>x</p>", source_unit=district_a
    )
    services.article_submit(article=article, by=author)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(reviewer):
        barrier.wait()
        try:
            services.article_approve(article=article, by=reviewer)
            outcomes.append("published")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert article.transitions.filter(to_status=S.PUBLISHED).count() == 1
