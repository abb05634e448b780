"""News site under load: gunicorn on loopback, a bounded concurrent client, requests/s and p95.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_publicity REDIS_URL=redis://127.0.0.1:6379/5 \
        .venv/bin/python bench/publicity_bench.py [--articles 10000] [--requests 2000] [--concurrency 16]

Seeds a SEPARATE database, "<your database>_bench" (dropped and recreated), with a decade of
news (10,000 articles by default), starts gunicorn on 127.0.0.1 on a free port against it, hits
the home page and article pages with a fixed number of requests from a thread pool (each
request has a time limit, and the whole run a deadline), prints requests per second and
latency percentiles, then stops gunicorn. Asserts nothing: speed lives here, not in tests.
"""

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUEST_TIMEOUT = 10.0


def bench_database_url(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "cadre_portal"
    bench = name if name.endswith("_bench") else f"{name}_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{bench}")), bench, admin


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(*, articles: int) -> list[int]:
    """Org units, users and `articles` published articles over ten years; returns the ids of
    the newest 500 (the ones readers open)."""
    from django.db import connection
    from django.utils import timezone

    from apps.accounts.models import OrgUnit
    from apps.publicity.demo import PARAGRAPHS, TITLES
    from apps.publicity.models import Article, Category
    from apps.publicity.sanitize import html_to_text

    city = OrgUnit.objects.create(name="江州市委老干部局", kind=OrgUnit.Kind.CITY)
    units = [city] + [
        OrgUnit.objects.create(name=f"第{n}区", kind=OrgUnit.Kind.DISTRICT, parent=city)
        for n in range(1, 9)
    ]
    rng = random.Random(7)
    now = timezone.now()
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    text = html_to_text(body)
    categories = list(Category.values)
    rows = []
    for n in range(articles):
        category = categories[n % len(categories)]
        title = rng.choice(TITLES[category]).format(d=rng.choice(units).name)
        rows.append(
            Article(
                title=f"{title}（{n}）",
                category=category,
                body=body,
                body_text=text,
                source_unit=rng.choice(units),
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=n * 520),  # ~10 years for 10,000
                view_count=rng.randint(0, 5000),
            )
        )
    Article.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return list(
        Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[:500]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, agent: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"User-Agent": agent})
        response = conn.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, (time.perf_counter() - t0) * 1000


def wait_ready(port: int, proc: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        if get(port, "/healthz", "bench")[0] == 200:
            return
        time.sleep(0.3)
    sys.exit("gunicorn did not become ready")


def load(
    port: int, label: str, paths: list[str], *, concurrency: int, deadline_s: float, agents
) -> float:
    deadline = time.monotonic() + deadline_s

    def one(i: int):
        if time.monotonic() > deadline:
            return None
        return get(port, paths[i % len(paths)], agents(i))

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = [r for r in pool.map(one, range(len(paths))) if r is not None]
    elapsed = time.perf_counter() - t0
    ok = [ms for status, ms in results if status == 200]
    errors = len(results) - len(ok)
    if not ok:
        print(f"{label:38} no successful requests ({errors} errors)")
        return 0.0
    ok.sort()
    p50 = statistics.median(ok)
    p95 = ok[min(len(ok) - 1, int(len(ok) * 0.95))]
    print(
        f"{label:38} {len(results):6d} req {len(results) / elapsed:8.1f} req/s "
        f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ok[-1]:6.1f} ms  errors {errors}"
    )
    return len(ok) / elapsed


def start_gunicorn(app: str, port: int, workers: int, env: dict, cwd: Path) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [gunicorn, app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--log-level", "warning"],
        cwd=cwd,
        env=env,
    )


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def bare_baseline(args, env: dict) -> float:
    """Django alone ("hello", bench/_bare.py) under the same gunicorn and client."""
    port = free_port()
    bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    proc = start_gunicorn("_bare:application", port, args.workers, bare_env, ROOT / "bench")
    try:
        wait_ready(port, proc)
        paths = ["/"] * args.requests
        for i in range(4 * args.workers):
            get(port, "/", f"warm-{i}")
        return load(
            port,
            "bare Django 'hello' (baseline)",
            paths,
            concurrency=args.concurrency,
            deadline_s=args.deadline,
            agents=lambda i: "bench",
        )
    finally:
        stop(proc)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--deadline", type=float, default=120.0, help="seconds per scenario")
    parser.add_argument(
        "--signed-in-only", action="store_true", help="only the in-process signed-in home page"
    )
    args = parser.parse_args()
    source = os.environ.get("DATABASE_URL")
    if not source:
        sys.exit("Set DATABASE_URL (the bench uses a separate '<name>_bench' database next to it).")
    url, name, admin_url = bench_database_url(source)
    recreate_database(admin_url, name)

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        "CACHE_KEY_PREFIX": "publicity_bench",
        "DJANGO_SETTINGS_MODULE": "cadre_portal.settings",
        "DEBUG": "False",
        # Production settings over plain http on loopback: a bench-only key, no redirect to
        # https and cookies that travel over http (settings refuse DEBUG=false without a key).
        "SECRET_KEY": "bench-only-key-not-a-secret-0123456789abcdefghijklmnop",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Pages are measured, not static files: no collectstatic manifest needed.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.delete_pattern("*")
    t0 = time.perf_counter()
    newest = seed(articles=args.articles)
    print(f"database {name}: seeded {args.articles} articles in {time.perf_counter() - t0:.1f} s")
    signed_in_home()
    if args.signed_in_only:
        return

    port = free_port()
    proc = start_gunicorn("cadre_portal.wsgi:application", port, args.workers, env, ROOT)
    try:
        wait_ready(port, proc)
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; client: "
            f"{args.concurrency} threads, {args.requests} requests per scenario"
        )
        n = args.requests
        from django.db.models import Sum

        from apps.publicity.models import Article

        hot = [f"/news/{pk}/" for pk in newest[:20]]
        scenarios = [
            ("home page (cached in Redis)", ["/"] * n, "bench"),
            ("article page, repeat visitor", hot * (n // len(hot)), "bench"),
            (
                "article page, new visitor each",
                [f"/news/{random.choice(newest)}/" for _ in range(n)],
                None,
            ),
            ("category list, page 3", ["/news/category/work/?page=3"] * (n // 2), "bench"),
            (
                "search 走访 (in some titles)",
                [f"/news/search/?q={quote('走访')}"] * (n // 4),
                "bench",
            ),
            (
                "search 老同志 (in every body)",
                [f"/news/search/?q={quote('老同志')}"] * (n // 4),
                "bench",
            ),
        ]
        for _label, paths, agent in scenarios:  # every worker loads templates, URLs, plans
            for i in range(4 * args.workers):
                get(port, paths[i % len(paths)], agent or f"warm-{i}")
        views_before = Article.objects.aggregate(v=Sum("view_count"))["v"]
        rates = {}
        for label, paths, agent in scenarios:
            rates[label] = load(
                port,
                label,
                paths,
                concurrency=args.concurrency,
                deadline_s=args.deadline,
                agents=(lambda i, a=agent: a or f"bench-{i}"),
            )
        from apps.publicity import counter

        counter.flush()  # the frequent job's work: views wait in Redis until then
        counted = Article.objects.aggregate(v=Sum("view_count"))["v"] - views_before
        print(
            f"views counted while measuring: {counted} (expected: one per new visitor; the "
            f"repeat visitor was already counted during warm-up)"
        )
    finally:
        stop(proc)
        cache.delete_pattern("*")
    print("gunicorn stopped")
    bare = bare_baseline(args, env)
    print("ratios to bare Django 'hello' under the same gunicorn (goal for the cached article:")
    print("≥ 0.5×):")
    for label, rate in rates.items():
        print(f"  {label:38} {rate / bare if bare else 0:5.2f}×")


def signed_in_home(requests: int = 300) -> None:
    """The home page of a signed-in reader (never served whole from the page cache), in process:
    the columns kept rendered per content version (apps/publicity/pagecache.py `fragment`)
    against the same page with the kept columns dropped before each request (rendered every
    time, as before), alternated in rounds; req/s from the median round."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    user = get_user_model().objects.create_user(username="bench-reader", password="x")  # noqa: S106
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 200

    def run(drop: bool) -> float:
        t0 = time.perf_counter()
        for _ in range(requests // 10):
            if drop:
                cache.delete_pattern("publicity:fragment:*")
            client.get("/")
        return (requests // 10) / (time.perf_counter() - t0)

    rounds = {True: [], False: []}
    for _ in range(10):
        for drop in (True, False):
            rounds[drop].append(run(drop))
    before, after = statistics.median(rounds[True]), statistics.median(rounds[False])
    print(
        f"signed-in home page, in process: columns rendered each time {before:.0f} req/s, "
        f"kept per content version {after:.0f} req/s ({after / before:.2f}×)"
    )


if __name__ == "__main__":
    main()
