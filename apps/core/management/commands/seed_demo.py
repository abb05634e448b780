import random
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from apps.core.discovery import app_modules


def demo_modules():
    """Each app's `demo.py` (ORDER, seed()), register first; every seed is idempotent."""
    return sorted(app_modules("demo"), key=lambda m: getattr(m, "ORDER", 100))


class Command(BaseCommand):
    help = "载入演示数据（可重复运行：已有的数据不会重复添加）。"

    def add_arguments(self, parser):
        parser.add_argument("--cadres", type=int, default=3000, help="演示干部人数（默认 3000）")
        parser.add_argument("--seed", type=int, default=2026, help="随机数种子")

    def handle(self, *args, **options):
        today = timezone.localdate()
        started = time.monotonic()
        for module in demo_modules():
            rng = random.Random(f"{options['seed']}:{module.__name__}")
            t0 = time.monotonic()
            kwargs = {"cadres": options["cadres"]} if module.__name__ == "apps.cadres.demo" else {}
            module.seed(rng=rng, today=today, log=self.stdout.write, **kwargs)
            self.stdout.write(f"  {module.__name__}: {time.monotonic() - t0:.1f}s")
        with connection.cursor() as cursor:
            # Bulk inserts leave the planner without statistics until autovacuum comes round
            # (never, where it is off): lists would sort every row instead of walking an index.
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪（{time.monotonic() - started:.1f}s）"))
