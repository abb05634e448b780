"""A branch activity is withdrawn (撤回) with who and why, never deleted: the row, its attendance
and history stay; lists, attendance rates and 三会一课 compliance leave it out."""

from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse

from apps.branches.models import Attendance, BranchActivity, PartyBranch
from apps.branches.selectors import attendance_rates, compliance
from apps.branches.services import activity_withdraw
from tests.factories import UserFactory

from .factories import AttendanceFactory, BranchActivityFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 1, 15)


def test_staff_withdraw_an_old_record_with_a_reason_and_the_row_stays(branch, members, staff_a):
    activity = BranchActivityFactory(branch=branch, held_on=DAY)
    attendance = AttendanceFactory(activity=activity, cadre=members[0].cadre)
    activity_withdraw(activity=activity, by=staff_a, reason="活动实际未举行")
    kept = BranchActivity.all_objects.get(pk=activity.pk)
    assert kept.withdrawn_at is not None
    assert (kept.withdrawn_by, kept.withdrawn_reason) == (staff_a, "活动实际未举行")
    assert Attendance.all_objects.filter(pk=attendance.pk).exists()
    latest = kept.history.first()
    assert latest.history_user == staff_a
    assert "活动实际未举行" in latest.history_change_reason


def test_a_withdrawn_record_leaves_lists_rates_and_compliance(client, branch, members, staff_a):
    kept = BranchActivityFactory(branch=branch, held_on=DAY, topic="保留的支委会")
    gone = BranchActivityFactory(branch=branch, held_on=DAY, topic="撤回的支委会")
    for activity in (kept, gone):
        AttendanceFactory(activity=activity, cadre=members[0].cadre)
    branches = PartyBranch.objects.filter(pk=branch.pk)
    before = compliance(branches, start=DAY, end=DAY, as_of=DAY)[0].activities
    activity_withdraw(activity=gone, by=staff_a, reason="重复录入")
    assert compliance(branches, start=DAY, end=DAY, as_of=DAY)[0].activities == before - 1
    assert attendance_rates(branches, start=DAY, end=DAY).get().n_activities == 1
    assert list(BranchActivity.objects.filter(branch=branch)) == [kept]
    client.force_login(staff_a)
    page = client.get(reverse("branches:branch_detail", args=[branch.pk])).content.decode()
    assert "保留的支委会" in page and "撤回的支委会" not in page
    assert client.get(reverse("branches:activity_detail", args=[gone.pk])).status_code == 404


def test_withdrawing_without_a_reason_is_refused_and_changes_nothing(client, branch, secretary):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    client.force_login(secretary)
    response = client.post(
        reverse("branches:activity_withdraw", args=[activity.pk]), {"reason": "  "}, follow=True
    )
    assert "请填写撤回原因" in response.content.decode()
    assert BranchActivity.objects.get(pk=activity.pk).withdrawn_at is None
    with pytest.raises(ValidationError):
        activity_withdraw(activity=activity, by=secretary, reason="")


def test_the_detail_page_asks_before_withdrawing_with_a_reason(client, branch, secretary):
    activity = BranchActivityFactory(branch=branch, recorded_by=secretary)
    client.force_login(secretary)
    page = client.get(reverse("branches:activity_detail", args=[activity.pk])).content.decode()
    assert 'data-confirm="确定撤回这条记录吗' in page
    assert 'name="reason"' in page and "撤回原因" in page


def test_the_admin_offers_no_delete_and_withdraws_through_the_reason(client, branch, district_a):
    superuser = UserFactory(is_superuser=True, is_staff=True, unit=district_a)
    activity = BranchActivityFactory(branch=branch)
    request = RequestFactory().get("/")
    request.user = superuser
    admin = site._registry[BranchActivity]
    assert not admin.has_delete_permission(request, activity)
    activity_withdraw(activity=activity, by=superuser, reason="测试")
    # Still listed in the admin (with its withdrawal), read-only there.
    assert admin.get_queryset(request).filter(pk=activity.pk).exists()
    assert not admin.has_change_permission(request, BranchActivity.all_objects.get(pk=activity.pk))


def test_deleting_a_branch_with_activities_is_refused(branch):
    BranchActivityFactory(branch=branch)
    with pytest.raises(ProtectedError):
        branch.delete()


def test_collecting_dues_leaves_a_history_row_with_the_collector(branch, members, secretary):
    from apps.branches.models import DuesRecord
    from apps.branches.services import dues_pay

    member = members[0]
    dues_pay(
        branch=branch,
        cadre_id=member.cadre_id,
        months=[date(2026, 11, 1)],
        paid_on=date(2026, 11, 20),
        by=secretary,
    )
    record = DuesRecord.objects.get(cadre_id=member.cadre_id)
    latest = record.history.first()
    assert (latest.paid_on, latest.history_user) == (date(2026, 11, 20), secretary)


def test_changing_attendance_keeps_the_old_rows_in_history(client, branch, members, secretary):
    from .test_activities import post_data

    client.force_login(secretary)
    client.post(reverse("branches:activity_create", args=[branch.pk]), post_data(members))
    activity = BranchActivity.objects.get()
    cadre_id = members[0].cadre_id
    edited = post_data(members, **{f"att_{cadre_id}": "absent", f"reason_{cadre_id}": "外出探亲"})
    client.post(reverse("branches:activity_edit", args=[activity.pk]), edited)
    assert Attendance.objects.get(activity=activity, cadre_id=cadre_id).status == "absent"
    past = Attendance.history.filter(activity_id=activity.pk, cadre_id=cadre_id)
    assert {(h.history_type, h.status) for h in past} >= {("+", "present"), ("-", "present")}
    assert all(h.history_user == secretary for h in past)
