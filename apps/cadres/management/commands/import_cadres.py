from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import OrgUnit, User
from apps.cadres import roster_import


class Command(BaseCommand):
    help = "从 Excel 花名册批量导入离退休干部（全部成功才保存；有错误时列出行号与原因并退出码 1）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--unit", help="管理单位（名称或 ID）；文件有“管理单位”列时可省略")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--user", help="以该用户名的身份与权限导入（默认：系统，全部范围）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        user = self._user(options["user"])
        unit = self._unit(options["unit"]) if options["unit"] else None
        with path.open("rb") as handle:
            result = roster_import.import_roster(
                handle, user=user, unit=unit, dry_run=options["dry_run"]
            )
        for error in result.file_errors:
            self.stderr.write(error)
        for row in result.errors:
            self.stderr.write(
                f"第 {row.row} 行 {row.name} {row.id_number}：{'；'.join(row.errors)}"
            )
        if not result.ok:
            self.stderr.write(self.style.ERROR(f"未导入任何数据。{result.summary()}"))
            raise SystemExit(1)
        verb = "检查通过（未保存）" if options["dry_run"] else "导入完成"
        self.stdout.write(self.style.SUCCESS(f"{verb}：{result.summary()}"))

    def _user(self, username):
        if username:
            try:
                return User.objects.get(username=username, is_active=True)
            except User.DoesNotExist:
                raise CommandError(f"用户不存在：{username}") from None
        # A shell import is a bulk migration by an operator: full scope, audited as "system".
        return User(username="system", is_superuser=True, is_active=True)

    def _unit(self, value):
        units = (
            OrgUnit.objects.filter(pk=int(value))
            if value.isdigit()
            else OrgUnit.objects.filter(name=value)
        )
        found = list(units[:2])
        if not found:
            raise CommandError(f"单位不存在：{value}")
        if len(found) > 1:
            raise CommandError(f"单位名称不唯一：{value}，请使用单位 ID")
        return found[0]
