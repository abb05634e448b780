from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.core import backup


class Command(BaseCommand):
    help = "用 pg_dump 备份数据库（自定义格式，可用 restore_db 恢复）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="备份文件路径（默认 backups/cadre_portal-时间.dump）")

    def handle(self, *args, **options):
        if options["output"]:
            path = Path(options["output"])
        else:
            path = Path("backups") / f"cadre_portal-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        path.parent.mkdir(parents=True, exist_ok=True)
        backup.backup(path)
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {path}（{path.stat().st_size / 1e6:.1f} MB）")
        )
