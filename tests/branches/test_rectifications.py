from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.branches.models import Rectification
from apps.branches.services import rectification_close, rectifications_remind_overdue
from apps.core.jobs import jobs
from apps.notifications.models import Reminder

from .factories import RectificationFactory


def test_owner_submits_evidence_with_a_pdf(client, secretary, branch, media):
    rect = RectificationFactory(branch=branch, owner=secretary)
    client.force_login(secretary)
    client.post(
        reverse("branches:rectification_detail", args=[rect.pk]),
        {"evidence": "已补齐记录", "upload": SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    rect.refresh_from_db()
    assert (rect.status, rect.evidence, rect.evidence_name) == (
        "submitted",
        "已补齐记录",
        "证明.pdf",
    )


def test_empty_evidence_is_refused(client, secretary, branch):
    rect = RectificationFactory(branch=branch, owner=secretary)
    client.force_login(secretary)
    response = client.post(reverse("branches:rectification_detail", args=[rect.pk]), {})
    assert response.context["form"].errors
    rect.refresh_from_db()
    assert rect.status == "open"


def test_overdue_reminder_job_twice_reminds_once(secretary, branch):
    RectificationFactory(branch=branch, owner=secretary, deadline=date(2026, 10, 1))
    RectificationFactory(branch=branch, owner=secretary, deadline=date(2026, 12, 1))
    assert rectifications_remind_overdue(on=date(2026, 11, 1)) == 1
    assert rectifications_remind_overdue(on=date(2026, 11, 2)) == 0
    assert Reminder.objects.filter(recipient=secretary).count() == 1


def test_closing_a_rectification_closes_its_reminder(secretary, branch):
    rect = RectificationFactory(branch=branch, owner=secretary, deadline=date(2026, 10, 1))
    rectifications_remind_overdue(on=date(2026, 11, 1))
    rectification_close(rectification=rect, on=date(2026, 11, 3))
    assert Reminder.objects.open().count() == 0
    assert Rectification.objects.get().status == "done"


def test_branch_jobs_are_registered_daily(db):
    names = {j.name for j in jobs("daily")}
    assert {
        "branches_rectifications_overdue",
        "branches_political_birthdays",
        "branches_dues_month",
    } <= names


def test_evidence_file_of_another_branch_is_404(client, secretary, branch, other_branch, media):
    from django.core.files.base import ContentFile

    rect = RectificationFactory(branch=other_branch)
    rect.evidence_file.save("e.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(secretary)
    response = client.get(reverse("branches:rectification_evidence", args=[rect.pk]))
    assert response.status_code == 404


def test_a_demonstration_level_without_a_year_is_refused_in_chinese(branch):
    import pytest
    from django.core.exceptions import ValidationError

    branch.demo_level = "city"
    with pytest.raises(ValidationError, match="命名年度"):
        branch.full_clean()
