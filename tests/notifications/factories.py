import factory
from factory.django import DjangoModelFactory

from apps.notifications.models import Reminder
from tests.factories import UserFactory


class ReminderFactory(DjangoModelFactory):
    class Meta:
        model = Reminder

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    key = factory.Sequence(lambda n: f"test:{n}")
    subject = factory.Sequence(lambda n: f"提醒{n}")
