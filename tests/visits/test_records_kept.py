"""Records of work done are never lost or silently rewritten (issue 14, "What can be lost or
forged"): a cadre leaves the register by status, a campaign is cancelled, a done visit is
corrected with a reason kept in history, and a payment batch needs a second person."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.branches.models import Attendance, DuesRecord, Membership
from apps.cadres.models import Cadre
from apps.cadres.services import cadre_change_status
from apps.visits.models import Campaign, Visit
from apps.visits.services import campaign_cancel, visit_correct, visit_record
from tests.branches.factories import AttendanceFactory, MembershipFactory
from tests.casework.factories import ServicePlanFactory, ServiceRequestFactory
from tests.factories import CadreFactory, UserFactory

from .factories import CampaignFactory, HospitalizationFactory, VisitFactory

pytestmark = pytest.mark.django_db


def _done_visit(cadre, by, money="500.00"):
    visit = VisitFactory(cadre=cadre, assignee=by)
    return visit_record(
        visit=visit,
        by=by,
        done_on=timezone.localdate(),
        form="home",
        visitors="王科长",
        notes="身体尚好",
        money=Decimal(money),
    )


# -- a cadre leaves the register by status, never by a delete ---------------------------------


def test_deleting_a_cadre_with_work_records_is_refused_and_takes_nothing(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    visit = _done_visit(cadre, staff_a)
    request = ServiceRequestFactory(cadre=cadre)
    plan = ServicePlanFactory(cadre=cadre)
    stay = HospitalizationFactory(cadre=cadre)
    with pytest.raises(ProtectedError):
        cadre.delete()
    assert Visit.objects.filter(pk=visit.pk).exists()
    assert request.__class__.objects.filter(pk=request.pk).exists()
    assert plan.__class__.objects.filter(pk=plan.pk).exists()
    assert stay.__class__.objects.filter(pk=stay.pk).exists()


def test_a_party_members_membership_attendance_and_dues_protect_the_cadre(district_a):
    membership = MembershipFactory(branch__unit=district_a)
    cadre = membership.cadre
    attendance = AttendanceFactory(activity__branch=membership.branch, cadre=cadre)
    dues = DuesRecord.objects.create(
        branch=membership.branch, cadre=cadre, month=date(2026, 1, 1), amount=Decimal("10.00")
    )
    with pytest.raises(ProtectedError):
        cadre.delete()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Attendance.objects.filter(pk=attendance.pk).exists()
    assert DuesRecord.objects.filter(pk=dues.pk).exists()


def test_moving_a_cadre_out_keeps_the_records_and_the_reason_in_history(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    visit = _done_visit(cadre, staff_a)
    on = timezone.localdate() - timedelta(days=3)
    cadre_change_status(
        cadre=cadre, status=Cadre.Status.MOVED, on=on, reason="随子女迁居外省", by=staff_a
    )
    cadre.refresh_from_db()
    assert cadre.status == "moved"
    assert (cadre.left_on, cadre.left_reason) == (on, "随子女迁居外省")
    assert Visit.objects.filter(pk=visit.pk, cadre=cadre).exists()
    assert not Cadre.objects.alive().filter(pk=cadre.pk).exists()
    latest = cadre.history.first()
    assert latest.status == "moved"
    assert latest.history_user == staff_a
    assert "随子女迁居外省" in latest.history_change_reason


def test_leaving_the_register_without_a_reason_is_refused_and_saves_nothing(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    with pytest.raises(ValidationError) as error:
        cadre_change_status(
            cadre=cadre, status=Cadre.Status.REMOVED, on=timezone.localdate(), reason=" "
        )
    assert "原因" in str(error.value)
    assert Cadre.objects.get(pk=cadre.pk).status == "active"


def test_the_admin_offers_no_delete_of_a_cadre_to_staff(district_a, staff_a):
    cadre = CadreFactory(unit=district_a)
    request = RequestFactory().get("/")
    request.user = staff_a
    admin = site._registry[Cadre]
    assert not admin.has_delete_permission(request, cadre)
    assert "delete_selected" not in admin.get_actions(request)


def test_a_superuser_may_remove_only_an_entry_with_no_work_records(district_a, staff_a):
    admin = site._registry[Cadre]
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    mistaken = CadreFactory(unit=district_a)
    worked_for = CadreFactory(unit=district_a)
    _done_visit(worked_for, staff_a)
    assert admin.has_delete_permission(request, mistaken)
    assert not admin.has_delete_permission(request, worked_for)


def test_the_admin_status_change_to_removed_needs_date_and_reason(client, district_a):
    superuser = UserFactory(is_superuser=True, is_staff=True, unit=district_a)
    cadre = CadreFactory(unit=district_a)
    client.force_login(superuser)
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    page = client.get(url)
    assert "离册原因" in page.content.decode()


# -- a campaign is cancelled, not deleted -----------------------------------------------------


def test_deleting_a_campaign_with_visits_is_refused(district_a, staff_a):
    campaign = CampaignFactory(unit=district_a)
    visit = VisitFactory(cadre__unit=district_a, campaign=campaign)
    with pytest.raises(ProtectedError):
        campaign.delete()
    assert Visit.objects.filter(pk=visit.pk).exists()


def test_cancelling_a_campaign_keeps_done_visits_and_cancels_open_ones(client, district_a, staff_a):
    campaign = CampaignFactory(unit=district_a)
    done = VisitFactory(cadre__unit=district_a, campaign=campaign, occasion_key="campaign:x1")
    done = visit_record(
        visit=done, by=staff_a, done_on=timezone.localdate(), form="home", money=Decimal("200")
    )
    planned = VisitFactory(cadre__unit=district_a, campaign=campaign, occasion_key="campaign:x2")
    client.force_login(staff_a)
    client.post(reverse("visits:campaign_cancel", args=[campaign.pk]), {"reason": "上级通知暂停"})
    campaign.refresh_from_db()
    assert campaign.is_cancelled
    assert (campaign.cancelled_by, campaign.cancelled_reason) == (staff_a, "上级通知暂停")
    done.refresh_from_db()
    planned.refresh_from_db()
    assert (done.status, done.money) == ("done", Decimal("200.00"))
    assert planned.status == "cancelled"
    assert "上级通知暂停" in planned.cancelled_reason
    assert campaign.history.first().history_user == staff_a
    page = client.get(reverse("visits:campaign_detail", args=[campaign.pk])).content.decode()
    assert "已撤销" in page and "上级通知暂停" in page


def test_cancelling_a_campaign_without_a_reason_changes_nothing(district_a, staff_a):
    campaign = CampaignFactory(unit=district_a)
    planned = VisitFactory(cadre__unit=district_a, campaign=campaign)
    with pytest.raises(ValidationError):
        campaign_cancel(campaign=campaign, by=staff_a, reason="")
    assert Campaign.objects.get(pk=campaign.pk).cancelled_at is None
    assert Visit.objects.get(pk=planned.pk).status == "planned"


def test_the_admin_cannot_delete_a_campaign(staff_a):
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not site._registry[Campaign].has_delete_permission(request)


# -- a done visit is not re-posted; it is corrected with a reason ------------------------------


def test_re_posting_a_done_visit_is_refused_and_the_money_is_unchanged(client, district_a, staff_a):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a, money="500.00")
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:visit_detail", args=[visit.pk]),
        {"done_on": timezone.localdate().isoformat(), "form": "home", "money": "99999"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "已登记完成" in page
    assert "99999" not in page
    visit.refresh_from_db()
    assert visit.money == Decimal("500.00")


def test_the_service_refuses_to_record_a_done_visit_again(district_a, staff_a):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a)
    with pytest.raises(ValidationError, match="已登记完成"):
        visit_record(
            visit=visit, by=staff_a, done_on=timezone.localdate(), form="phone", money=Decimal(1)
        )
    assert Visit.objects.get(pk=visit.pk).form == "home"


def test_a_correction_with_a_reason_keeps_before_and_after_in_history(client, district_a, staff_a):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a, money="500.00")
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:visit_correct", args=[visit.pk]),
        {
            "done_on": visit.done_on.isoformat(),
            "form": "home",
            "visitors": "王科长",
            "notes": "身体尚好",
            "money": "600.00",
            "gifts": "",
            "reason": "财务核对发票后金额应为600元",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.money == Decimal("600.00")
    latest = visit.history.first()
    assert latest.history_user == staff_a
    assert "财务核对发票后金额应为600元" in latest.history_change_reason
    before = latest.prev_record
    assert before.money == Decimal("500.00")
    page = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "更正记录" in page and "500.00 → 600.00" in page and "财务核对发票" in page


def test_a_correction_without_a_reason_saves_nothing(client, district_a, staff_a):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a, money="500.00")
    client.force_login(staff_a)
    response = client.post(
        reverse("visits:visit_correct", args=[visit.pk]),
        {"done_on": visit.done_on.isoformat(), "form": "home", "money": "99999", "reason": ""},
    )
    assert response.status_code == 400
    assert "更正原因" in response.content.decode()
    visit.refresh_from_db()
    assert visit.money == Decimal("500.00")


def test_only_staff_may_correct_a_done_visit(district_a, staff_a, secretary):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a)
    with pytest.raises(ValidationError, match="工作人员"):
        visit_correct(visit=visit, by=secretary, reason="改", money=Decimal("1"))
    assert Visit.objects.get(pk=visit.pk).money == Decimal("500.00")


def test_a_done_visit_is_read_only_in_the_admin(district_a, staff_a):
    visit = _done_visit(CadreFactory(unit=district_a), staff_a)
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    admin = site._registry[Visit]
    assert not admin.has_change_permission(request, visit)
    assert not admin.has_delete_permission(request, visit)
