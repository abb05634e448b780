from django.core.management.base import BaseCommand, CommandError

from apps.notifications.notice import test_notice_send
from apps.notifications.sms import normalise_mobile

CHOICES = ["dingtalk", "wecom", "sms", "email"]


class Command(BaseCommand):
    help = "发送一条测试消息（钉钉、企业微信、短信或电子邮件），并打印服务商的应答。"

    def add_arguments(self, parser):
        parser.add_argument("--channel", required=True, choices=CHOICES, help="渠道")
        parser.add_argument(
            "--to", default="", help="短信：手机号；钉钉：要 @ 的手机号（可省略）；邮件：邮箱"
        )

    def handle(self, *args, channel, to, **options):
        to = to.strip()
        if channel == "sms" and not normalise_mobile(to):
            raise CommandError("短信测试须用 --to 指定 11 位手机号码。")
        if channel == "email" and "@" not in to:
            raise CommandError("邮件测试须用 --to 指定电子邮箱。")
        if channel in ("sms", "dingtalk") and to:
            to = normalise_mobile(to) or to
        result = test_notice_send(channel=channel, to=to)
        if not result.ok:
            raise CommandError(f"发送失败：{result.answer}")
        self.stdout.write(self.style.SUCCESS("发送成功。"))
        self.stdout.write(f"服务商应答：{result.answer}")
