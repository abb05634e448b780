from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Reminder
from apps.suggestions import services
from apps.suggestions.models import Suggestion
from tests.cadreside.factories import cadre_user, family_user
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def submitted(cadre, by):
    return services.suggestion_submit(
        cadre=cadre,
        title="增设老年食堂",
        content="建议在社区增设老年食堂。",
        by=by,
        on_behalf=False,
    )


def test_a_cadre_submits_a_suggestion_from_the_phone(client, district_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    response = client.post(
        reverse("suggestions:submit"),
        {"title": "增设老年食堂", "content": "建议在社区增设老年食堂。"},
    )
    s = Suggestion.objects.get()
    assert response.status_code == 302
    assert (s.cadre, s.submitted_by, s.on_behalf, s.status) == (cadre, user, False, "submitted")
    assert "待分拣" in client.get(response["Location"]).content.decode()


def test_the_submit_page_says_voice_input_works(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    assert "话筒" in client.get(reverse("suggestions:submit")).content.decode()


def test_a_too_short_suggestion_is_refused_in_chinese_and_nothing_saved(client, district_a):
    user, _ = cadre_user(CadreFactory(unit=district_a))
    client.force_login(user)
    response = client.post(reverse("suggestions:submit"), {"title": "建议", "content": "好"})
    assert response.status_code == 400
    assert "至少 5 个字" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_family_members_suggestion_is_recorded_on_behalf_and_shown_to_staff(
    client, district_a, staff_a
):
    cadre = CadreFactory(unit=district_a, name="张本人")
    proxy, _ = family_user(cadre, username="fam_s")
    client.force_login(proxy)
    client.post(reverse("suggestions:submit"), {"title": "建议", "content": "多组织读书会活动。"})
    s = Suggestion.objects.get()
    assert (s.cadre, s.submitted_by, s.on_behalf) == (cadre, proxy, True)
    client.force_login(staff_a)
    body = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert f"{proxy.display_name}代为提交" in body


def test_the_closed_loop_shows_department_deadline_reply_and_adoption_to_the_cadre(
    client, district_a, staff_a
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    s = submitted(cadre, user)
    client.force_login(staff_a)
    deadline = timezone.localdate() + timedelta(days=15)
    client.post(
        reverse("suggestions:assign", args=[s.pk]),
        {"department": "区民政局", "deadline": deadline.isoformat(), "note": "内部备注甲"},
    )
    client.force_login(user)
    body = client.get(reverse("suggestions:mine_detail", args=[s.pk])).content.decode()
    assert "区民政局" in body and "办理中" in body and "内部备注甲" not in body
    client.force_login(staff_a)
    client.post(
        reverse("suggestions:answer", args=[s.pk]),
        {"reply": "已纳入明年民生实事项目。", "adopted": "1"},
    )
    client.force_login(user)
    body = client.get(reverse("suggestions:mine_detail", args=[s.pk])).content.decode()
    assert "已纳入明年民生实事项目" in body and "已采纳" in body
    assert Suggestion.objects.get().history.count() == 3


def test_a_deadline_in_the_past_is_refused_and_nothing_changes(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    s = submitted(cadre, user)
    client.force_login(staff_a)
    response = client.post(
        reverse("suggestions:assign", args=[s.pk]),
        {"department": "区民政局", "deadline": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "答复期限不能早于今天" in response.content.decode()
    assert Suggestion.objects.get().status == "submitted"


def test_an_answer_before_triage_and_a_decline_without_reason_are_refused(
    client, district_a, staff_a
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    s = submitted(cadre, user)
    client.force_login(staff_a)
    response = client.post(
        reverse("suggestions:answer", args=[s.pk]), {"reply": "答复", "adopted": "1"}, follow=True
    )
    assert "请先分拣" in response.content.decode()
    response = client.post(reverse("suggestions:decline", args=[s.pk]), {"reply": " "})
    assert response.status_code == 400
    assert Suggestion.objects.get().status == "submitted"


def test_a_declined_suggestion_tells_the_cadre_why(client, district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    s = submitted(cadre, user)
    services.suggestion_decline(suggestion=s, reason="已有同类项目在办。", by=staff_a)
    client.force_login(user)
    body = client.get(reverse("suggestions:mine_detail", args=[s.pk])).content.decode()
    assert "已有同类项目在办" in body and "不予受理" in body and "未采纳" in body


def test_the_report_counts_per_unit_and_year_and_drills_to_as_many_rows(
    client, district_a, staff_a
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    a, b = submitted(cadre, user), submitted(cadre, user)
    services.suggestion_assign(
        suggestion=a, department="区民政局", deadline=timezone.localdate(), by=staff_a
    )
    services.suggestion_answer(suggestion=a, reply="采纳", adopted=True, by=staff_a)
    Suggestion.objects.filter(pk=b.pk).update(submitted_at=timezone.now() - timedelta(days=400))
    client.force_login(staff_a)
    response = client.get(reverse("suggestions:report"))
    (row,) = response.context["rows"]
    assert (row["submitted"], row["adopted"], row["answered"]) == (1, 1, 1)
    year = timezone.localdate().year
    drill = client.get(
        reverse("suggestions:list"), {"year": year, "unit": cadre.unit_id, "adopted": "1"}
    )
    assert drill.context["page_obj"].paginator.count == 1


def test_another_cadres_suggestion_is_404_and_other_district_staff_404(client, district_a, staff_b):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    other_user, other = cadre_user(CadreFactory(unit=district_a), username="other_c")
    s = submitted(other, other_user)
    client.force_login(user)
    assert client.get(reverse("suggestions:mine_detail", args=[s.pk])).status_code == 404
    client.force_login(staff_b)
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404


def test_the_overdue_reminder_job_is_idempotent(district_a, staff_a):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    s = submitted(cadre, user)
    services.suggestion_assign(
        suggestion=s, department="区民政局", deadline=timezone.localdate(), by=staff_a
    )
    later = timezone.localdate() + timedelta(days=3)
    assert services.suggestions_remind_overdue(on=later) == 1
    assert services.suggestions_remind_overdue(on=later) == 0
    call_command("run_daily_jobs", "--date", later.isoformat())
    assert Reminder.objects.filter(kind=services.KIND_OVERDUE).count() == 1


def test_the_staff_list_queries_do_not_grow_with_rows(
    client, district_a, staff_a, django_assert_max_num_queries
):
    user, cadre = cadre_user(CadreFactory(unit=district_a))
    for _ in range(20):
        submitted(cadre, user)
    client.force_login(staff_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("suggestions:list"))
    assert response.context["page_obj"].paginator.count == 20
