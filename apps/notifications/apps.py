from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = "提醒"

    def ready(self):
        from .channels import register_channel
        from .robots import DingTalkChannel, WeComChannel
        from .sms import SmsChannel

        for channel in (DingTalkChannel(), WeComChannel(), SmsChannel()):
            register_channel(channel)
