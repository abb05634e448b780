import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.publicity import services
from apps.publicity.models import Exemplar
from tests.factories import CadreFactory

from .factories import ExemplarFactory


def test_a_published_exemplar_with_consent_is_shown(client, db):
    exemplar = ExemplarFactory(title="调解能手")
    assert "调解能手" in client.get(reverse("publicity:exemplar_list")).content.decode()
    response = client.get(reverse("publicity:exemplar", args=[exemplar.pk]))
    assert "全国优秀共产党员" in response.content.decode()


def test_a_published_exemplar_without_consent_is_not_shown_anywhere(client, db):
    exemplar = ExemplarFactory(title="未同意公开", consent=False)
    assert "未同意公开" not in client.get(reverse("publicity:exemplar_list")).content.decode()
    assert "未同意公开" not in client.get(reverse("publicity:home")).content.decode()
    assert client.get(reverse("publicity:exemplar", args=[exemplar.pk])).status_code == 404


def test_a_consented_but_unpublished_exemplar_is_not_shown(client, db):
    exemplar = ExemplarFactory(is_published=False, published_at=None)
    assert client.get(reverse("publicity:exemplar", args=[exemplar.pk])).status_code == 404


def test_publishing_without_consent_is_refused(staff_a):
    exemplar = ExemplarFactory.build(
        cadre=CadreFactory(unit=staff_a.unit),
        consent=False,
        is_published=True,
        published_at=None,
    )
    with pytest.raises(ValidationError, match="本人未同意公开"):
        services.exemplar_save(exemplar=exemplar, by=staff_a)
    assert not Exemplar.objects.exists()


def test_an_exemplar_for_another_districts_cadre_is_refused(staff_a, district_b):
    exemplar = ExemplarFactory.build(cadre=CadreFactory(unit=district_b))
    with pytest.raises(ValidationError, match="本单位管辖"):
        services.exemplar_save(exemplar=exemplar, by=staff_a)


def test_the_public_page_shows_no_personal_data_of_the_cadre(client, db):
    exemplar = ExemplarFactory()
    html = client.get(reverse("publicity:exemplar", args=[exemplar.pk])).content.decode()
    assert exemplar.cadre.name in html
    assert exemplar.cadre.id_number not in html and exemplar.cadre.phone not in html


def test_withdrawing_consent_hides_at_once(client, db):
    exemplar = ExemplarFactory()
    Exemplar.objects.filter(pk=exemplar.pk).update(consent=False)
    assert client.get(reverse("publicity:exemplar", args=[exemplar.pk])).status_code == 404


def test_the_exemplar_list_uses_bounded_queries(client, db, django_assert_max_num_queries):
    ExemplarFactory.create_batch(15)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("publicity:exemplar_list"))
    assert response.context["page_obj"].paginator.count == 15
