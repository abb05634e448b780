from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.core import jobs


class Command(BaseCommand):
    help = "运行每日定时任务（与 Celery beat 相同的函数），可指定日期补跑。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD，默认今天（Asia/Shanghai）")
        parser.add_argument(
            "--frequent", action="store_true", help="同时运行高频任务（提醒投递等）"
        )
        parser.add_argument("--only", action="append", default=[], help="只运行指定任务，可重复")
        parser.add_argument("--force", action="store_true", help="忽略水位，即使数据未变也完整运行")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        selected = jobs.jobs(jobs.DAILY)
        if options["frequent"]:
            selected += jobs.jobs(jobs.FREQUENT)
        if options["only"]:
            selected = [j for j in selected if j.name in options["only"]]
        for job in selected:
            count = jobs.run_job(job.name, on=day, force=options["force"])
            self.stdout.write(f"{job.name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{day.isoformat()}：共运行 {len(selected)} 项任务"))
