from django.urls import reverse

from apps.notifications.models import Reminder
from apps.notifications.selectors import unread_count
from apps.notifications.services import ReminderSpec, remind, remind_many

from .factories import ReminderFactory


def test_inbox_lists_only_my_unread_reminders(client, staff_a, staff_b):
    mine = ReminderFactory(recipient=staff_a, subject="我的提醒")
    ReminderFactory(recipient=staff_b, subject="别人的提醒")
    client.force_login(staff_a)
    response = client.get(reverse("notifications:inbox"))
    assert [r.pk for r in response.context["page_obj"]] == [mine.pk]


def test_inbox_queries_do_not_grow_with_rows(client, staff_a, django_assert_max_num_queries):
    ReminderFactory.create_batch(30, recipient=staff_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:inbox"))
    assert response.context["page_obj"].paginator.count == 30


def test_the_header_badge_shows_the_unread_count(client, staff_a):
    ReminderFactory.create_batch(2, recipient=staff_a)
    client.force_login(staff_a)
    response = client.get(reverse("notifications:inbox"))
    assert 'aria-label="2 条未读"' in response.content.decode()


def test_opening_a_reminder_marks_it_read_and_follows_its_link(client, staff_a):
    reminder = ReminderFactory(recipient=staff_a, url="/services/visits/mine/")
    client.force_login(staff_a)
    response = client.post(reverse("notifications:open", args=[reminder.pk]))
    assert response.url == "/services/visits/mine/"
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    assert unread_count(user=staff_a) == 0


def test_following_a_reminder_link_with_get_changes_nothing(client, staff_a):
    reminder = ReminderFactory(recipient=staff_a, url="/services/visits/mine/")
    client.force_login(staff_a)
    response = client.get(reverse("notifications:open", args=[reminder.pk]))
    assert response.url == "/services/visits/mine/"
    reminder.refresh_from_db()
    assert reminder.read_at is None
    assert unread_count(user=staff_a) == 1


def test_the_inbox_opens_reminders_with_a_csrf_protected_post_form(client, staff_a):
    reminder = ReminderFactory(recipient=staff_a, subject="走访提醒")
    client.force_login(staff_a)
    body = client.get(reverse("notifications:inbox")).content.decode()
    open_url = reverse("notifications:open", args=[reminder.pk])
    assert f'<form method="post" action="{open_url}"' in body
    assert f'href="{open_url}"' not in body
    assert "csrfmiddlewaretoken" in body


def test_marking_read_and_mark_all_read_refuse_get(client, staff_a):
    reminder = ReminderFactory(recipient=staff_a)
    client.force_login(staff_a)
    assert client.get(reverse("notifications:read", args=[reminder.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_opening_a_reminder_never_redirects_off_site(client, staff_a):
    reminder = ReminderFactory(recipient=staff_a, url="https://evil.example/")
    client.force_login(staff_a)
    response = client.post(reverse("notifications:open", args=[reminder.pk]))
    assert response.url == reverse("notifications:inbox")


def test_someone_elses_reminder_is_a_404(client, staff_a, staff_b):
    reminder = ReminderFactory(recipient=staff_b)
    client.force_login(staff_a)
    response = client.post(reverse("notifications:read", args=[reminder.pk]))
    assert response.status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_mark_all_read_clears_the_unread_count(client, staff_a):
    ReminderFactory.create_batch(3, recipient=staff_a)
    client.force_login(staff_a)
    client.post(reverse("notifications:read_all"))
    assert unread_count(user=staff_a) == 0


def test_remind_twice_creates_one_reminder(staff_a):
    first = remind(recipient=staff_a, kind="test", key="k:1", subject="一")
    second = remind(recipient=staff_a, kind="test", key="k:1", subject="一")
    assert first is not None and second is None
    assert Reminder.objects.count() == 1


def test_remind_many_counts_only_new_rows(staff_a, staff_b):
    specs = [
        ReminderSpec(staff_a.pk, "test", "k:1", "一"),
        ReminderSpec(staff_b.pk, "test", "k:1", "一"),
    ]
    assert remind_many(specs) == 2
    assert remind_many(specs + [ReminderSpec(staff_a.pk, "test", "k:2", "二")]) == 1


def test_staff_see_upcoming_reminders_of_their_scope_in_the_admin(client, staff_a, district_a):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import UserFactory

    colleague = UserFactory(unit=district_a, role="district_staff")
    soon = ReminderFactory(recipient=colleague, due_on=timezone.localdate() + timedelta(days=3))
    ReminderFactory(recipient=colleague, due_on=timezone.localdate() - timedelta(days=3))
    ReminderFactory(due_on=timezone.localdate() + timedelta(days=3))  # another unit
    client.force_login(staff_a)
    response = client.get(reverse("admin:notifications_reminder_changelist"), {"when": "upcoming"})
    assert [r.pk for r in response.context["cl"].result_list] == [soon.pk]


def test_the_delivery_admin_opens_for_staff(client, staff_a):
    from apps.notifications.models import Delivery, Reminder

    reminder = Reminder.objects.create(recipient=staff_a, kind="test", key="k", subject="提醒")
    Delivery.objects.create(
        reminder=reminder, channel="email", status="failed", attempts=2, last_error="SMTP 550"
    )
    client.force_login(staff_a)
    response = client.get(reverse("admin:notifications_delivery_changelist"))
    assert [d.last_error for d in response.context["cl"].result_list] == ["SMTP 550"]
