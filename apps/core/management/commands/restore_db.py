from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core import backup


class Command(BaseCommand):
    help = "从 backup_db 生成的备份文件恢复数据库（覆盖现有数据，在一个事务中完成）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", help="恢复到另一个已存在的数据库（默认当前数据库）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖，不再询问")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        if not options["yes"]:
            raise CommandError("恢复会覆盖数据库中的现有数据：确认后请加 --yes 重新运行。")
        backup.restore(path, database=options["database"])
        self.stdout.write(self.style.SUCCESS(f"已从 {path} 恢复。"))
