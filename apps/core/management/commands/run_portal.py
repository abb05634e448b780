"""`make run`: migrate, load demo data once, then run web, Celery worker and beat in the
foreground until Ctrl-C, and stop them (and the embedded PostgreSQL / Redis) cleanly."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动整个平台：网站、Celery worker 与 beat（开发与试用）。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn 进程数")
        # As in the Dockerfile: long work (roster imports) runs in the Celery worker.
        parser.add_argument("--timeout", type=int, default=60, help="gunicorn 请求超时（秒）")
        parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")
        parser.add_argument("--demo-cadres", type=int, default=3000)

    def handle(self, *args, **options):
        embedded = "cadre_portal.devservers" in sys.modules
        if embedded:
            from cadre_portal import devservers

            devservers.stop_redis_at_exit()
        call_command("migrate", interactive=False, verbosity=1)
        if not options["no_demo"]:
            call_command("seed_demo", cadres=options["demo_cadres"])
        call_command("collectstatic", interactive=False, verbosity=0)

        python = sys.executable
        bind = f"{options['host']}:{options['port']}"
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "cadre_portal.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--timeout",
                str(options["timeout"]),
                "--graceful-timeout",
                "30",
                "--max-requests",
                "2000",
                "--max-requests-jitter",
                "200",
            ],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "cadre_portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "cadre_portal",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
        }
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        children = {}
        for name, command in commands.items():
            # Own process groups: Ctrl-C reaches only this supervisor, which stops the children
            # in order and then the embedded servers.
            children[name] = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"平台已启动：http://{bind}/ （Ctrl-C 停止）"))

        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, child in children.items():
                    if child.poll() is not None:
                        self.stderr.write(f"{name} 已退出（{child.returncode}），正在停止全部进程")
                        stopping = True
                        break
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        self.stdout.write("正在停止 …")
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("已停止。")
