from .models import Reminder


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Reminder.objects.filter(recipient=user).unread().count()
