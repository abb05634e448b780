from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.publicity import services
from apps.publicity.models import Adoption, InfoSubmission
from tests.factories import OrgUnitFactory

from .factories import AdoptionFactory, SubmissionFactory, level


def test_a_submission_takes_the_users_own_unit_by_default(staff_a):
    submission = services.submission_create(
        by=staff_a, title="义诊", content="内容", submitted_on=timezone.localdate()
    )
    assert submission.unit == staff_a.unit
    assert submission.submitted_by == staff_a


def test_a_unit_cannot_submit_on_behalf_of_another_district(staff_a, district_b):
    with pytest.raises(ValidationError, match="不能代其他单位报送信息"):
        services.submission_create(
            by=staff_a, unit=district_b, title="x", content="x", submitted_on=date(2026, 1, 5)
        )
    assert not InfoSubmission.objects.exists()


def test_posting_another_districts_unit_in_the_form_is_refused(client, staff_a, district_b):
    client.force_login(staff_a)
    response = client.post(
        reverse("publicity:submission_create"),
        {
            "unit": district_b.pk,
            "title": "冒名报送",
            "content": "x",
            "submitted_on": "2026-03-01",
        },
    )
    assert response.status_code == 200
    assert "不能代其他单位报送信息。" in response.content.decode()
    assert not InfoSubmission.objects.exists()


def test_the_form_offers_only_the_users_subtree(client, staff_a, district_b):
    township = OrgUnitFactory(name="东城街道", parent=staff_a.unit)
    client.force_login(staff_a)
    response = client.get(reverse("publicity:submission_create"))
    offered = set(response.context["form"].fields["unit"].queryset)
    assert offered == {staff_a.unit, township}


def test_a_township_of_the_users_district_can_be_named(client, staff_a):
    township = OrgUnitFactory(name="东城街道", parent=staff_a.unit)
    client.force_login(staff_a)
    client.post(
        reverse("publicity:submission_create"),
        {
            "unit": township.pk,
            "title": "街道信息",
            "content": "x",
            "submitted_on": "2026-03-01",
        },
    )
    assert InfoSubmission.objects.get().unit == township


def test_an_adoption_without_a_media_level_is_refused_with_a_chinese_error(
    client, bureau_staff, district_a
):
    submission = SubmissionFactory(unit=district_a)
    client.force_login(bureau_staff)
    response = client.post(
        reverse("publicity:submission_detail", args=[submission.pk]),
        {
            "outlet": "人民日报",
            "level": "",
            "adopted_on": submission.submitted_on.isoformat(),
        },
    )
    assert "请选择媒体级别（中央级/省级/市级/县级）。" in response.content.decode()
    assert not Adoption.objects.exists()


def test_the_service_refuses_an_adoption_without_a_level(bureau_staff, district_a):
    submission = SubmissionFactory(unit=district_a)
    with pytest.raises(ValidationError):
        services.adoption_record(
            submission=submission,
            by=bureau_staff,
            outlet="x",
            level=None,
            adopted_on=submission.submitted_on,
        )
    assert not Adoption.objects.exists()


def test_bureau_staff_record_an_adoption(client, bureau_staff, district_a):
    submission = SubmissionFactory(unit=district_a)
    client.force_login(bureau_staff)
    client.post(
        reverse("publicity:submission_detail", args=[submission.pk]),
        {
            "outlet": "中国老年报",
            "level": level("central").pk,
            "adopted_on": submission.submitted_on.isoformat(),
        },
    )
    adoption = Adoption.objects.get()
    assert (adoption.outlet, adoption.level.code, adoption.recorded_by) == (
        "中国老年报",
        "central",
        bureau_staff,
    )


def test_district_staff_cannot_score_their_own_submission(client, staff_a):
    submission = SubmissionFactory(unit=staff_a.unit)
    client.force_login(staff_a)
    response = client.post(
        reverse("publicity:submission_detail", args=[submission.pk]),
        {
            "outlet": "自家简报",
            "level": level("central").pk,
            "adopted_on": submission.submitted_on.isoformat(),
        },
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.adoption_record(
            submission=submission,
            by=staff_a,
            outlet="x",
            level=level("central"),
            adopted_on=submission.submitted_on,
        )
    assert not Adoption.objects.exists()


def test_the_same_outlet_cannot_adopt_one_item_twice(bureau_staff, district_a):
    submission = SubmissionFactory(unit=district_a)
    kwargs = {
        "submission": submission,
        "by": bureau_staff,
        "outlet": "市报",
        "level": level("city"),
        "adopted_on": submission.submitted_on,
    }
    services.adoption_record(**kwargs)
    with pytest.raises(ValidationError, match="已登记过"):
        services.adoption_record(**kwargs)
    assert Adoption.objects.count() == 1


def test_an_adoption_before_the_submission_date_is_refused(bureau_staff, district_a):
    submission = SubmissionFactory(unit=district_a)
    with pytest.raises(ValidationError, match="不能早于报送日期"):
        services.adoption_record(
            submission=submission,
            by=bureau_staff,
            outlet="市报",
            level=level("city"),
            adopted_on=submission.submitted_on - timedelta(days=1),
        )


def test_another_districts_submission_is_404(client, staff_b, district_a):
    submission = SubmissionFactory(unit=district_a)
    client.force_login(staff_b)
    assert (
        client.get(reverse("publicity:submission_detail", args=[submission.pk])).status_code == 404
    )


def test_the_submission_list_shows_the_scope_in_bounded_queries(
    client, staff_a, district_b, django_assert_max_num_queries
):
    for submission in SubmissionFactory.create_batch(20, unit=staff_a.unit):
        AdoptionFactory(submission=submission)
    SubmissionFactory.create_batch(4, unit=district_b)
    client.force_login(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("publicity:submission_list"))
    assert response.context["page_obj"].paginator.count == 20
