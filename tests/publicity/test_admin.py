from decimal import Decimal

from django.urls import reverse

from apps.publicity.models import MediaLevel

from .factories import ArticleFactory, ExemplarFactory


def test_the_admin_article_of_another_district_is_404(client, staff_b, district_a):
    article = ArticleFactory(source_unit=district_a)
    client.force_login(staff_b)
    url = reverse("admin:publicity_article_change", args=[article.pk])
    assert client.get(url).status_code == 404


def test_the_admin_article_list_shows_only_the_users_scope(client, staff_a, district_b):
    mine = ArticleFactory(source_unit=staff_a.unit, title="本区稿件")
    ArticleFactory(source_unit=district_b, title="外区稿件")
    client.force_login(staff_a)
    response = client.get(reverse("admin:publicity_article_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


def test_an_admin_edit_sanitises_the_body(client, staff_a):
    article = ArticleFactory(source_unit=staff_a.unit)
    client.force_login(staff_a)
    client.post(
        reverse("admin:publicity_article_change", args=[article.pk]),
        {
            "title": article.title,
            "category": article.category,
            "source_unit": staff_a.unit_id,
            "summary": "",
            "body": '<p>安全</p><img src=x onerror="alert(1)">',
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        },
    )
    article.refresh_from_db()
    assert article.body == '<p>安全</p><img src="x">'


def test_district_staff_cannot_change_the_points_table(client, staff_a):
    central = MediaLevel.objects.get(code="central")
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:publicity_medialevel_change", args=[central.pk]),
        {"code": "central", "points": "99", "sort_order": "1"},
    )
    assert response.status_code == 403
    central.refresh_from_db()
    assert central.points == Decimal("10.0")


def test_bureau_staff_change_the_points_table(client, bureau_staff):
    central = MediaLevel.objects.get(code="central")
    client.force_login(bureau_staff)
    client.post(
        reverse("admin:publicity_medialevel_change", args=[central.pk]),
        {"code": "central", "points": "12.5", "sort_order": "1"},
    )
    central.refresh_from_db()
    assert central.points == Decimal("12.5")


def test_the_admin_exemplar_without_consent_cannot_be_published(client, staff_a):
    exemplar = ExemplarFactory(cadre__unit=staff_a.unit, consent=False, is_published=False)
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:publicity_exemplar_change", args=[exemplar.pk]),
        {
            "cadre": exemplar.cadre_id,
            "kind": exemplar.kind,
            "title": exemplar.title,
            "story": exemplar.story,
            "honours": "",
            "is_published": "on",
            "sort_order": "0",
        },
    )
    assert "本人未同意公开，不能发布。" in response.content.decode()
    exemplar.refresh_from_db()
    assert not exemplar.is_published
