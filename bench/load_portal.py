"""Mixed load on the whole portal: gunicorn on loopback, secretaries, staff and public readers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_proof REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/load_portal.py [--users 50] [--duration 60] [--cadres 20000] [--reuse]

Seeds a SEPARATE database, "<your database>_load_bench" (dropped and recreated unless --reuse
finds it seeded), with `manage.py seed_demo --cadres N`, starts gunicorn (sync workers) on
127.0.0.1 on a free port against it, logs in the users (each thread its own session), then runs
a closed loop for a fixed time: every virtual user picks a page for its role, requests it with
http.client, waits a short think time and goes again. Secretaries also record 主题党日 and
staff record visits (real POSTs through the forms). Prints throughput, p50/p95/p99 per role and
overall, and every error (status >= 400, connection failures, an unexpected redirect).
Asserts nothing: speed lives here, not in tests. bench/fault_run.py reuses this module.
"""

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUEST_TIMEOUT = 15.0
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - the documented demo credential (README)


# --- database -----------------------------------------------------------------------------------
def bench_database_url(url: str, suffix: str = "_load_bench") -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "cadre_portal") + suffix
    assert "bench" in name  # never point a bench at a working database
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), name, admin


def recreate_database(admin_url: str, name: str, template: str | None = None) -> None:
    import psycopg

    assert "bench" in name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def is_seeded(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            return conn.execute("SELECT count(*) FROM cadres_cadre").fetchone()[0] > 0
    except psycopg.Error:
        return False


def seed(env: dict, cadres: int) -> float:
    t0 = time.perf_counter()
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "seed_demo", "--cadres", str(cadres)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # Planner statistics as a running database has them (autovacuum may not have come round
    # yet): without them a 28,000-row visit list sorts everything instead of walking an index.
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - t0


def server_env(database_url: str, redis_url: str, prefix: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
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
        "CONN_MAX_AGE": "60",
    }


# --- gunicorn -----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int, log=None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "cadre_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            if Client(port).get("/healthz")[0] == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    sys.exit("gunicorn did not become ready")


def stop(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- HTTP client with a cookie jar --------------------------------------------------------------
class FormParser(HTMLParser):
    """The fields of the page's own POST form (no action, or action = the page) as a browser
    would submit them untouched; the header's logout form and the like are skipped."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select: str | None = None
        self.select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form = (a.get("action") or self.path) == self.path
        if not self.in_form or not a.get("name"):
            if tag == "option" and self.select is not None:
                if self.select_value is None or "selected" in a:
                    self.select_value = a.get("value", "")
            return
        kind = (a.get("type") or "text").lower()
        if tag == "input" and kind in ("radio", "checkbox"):
            if "checked" in a:
                self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "input" and kind not in ("submit", "button", "file"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self.select, self.select_value = a["name"], None

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | list | None = None):
        headers = {"User-Agent": "load-portal"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, (time.perf_counter() - t0) * 1000, text, response
        finally:
            conn.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, overrides: dict):
        """GET the page, submit its form with `overrides`; returns the POST's result."""
        status, _, html, _ = self.get(path)
        if status != 200:
            return status, 0.0, html, None
        parser = FormParser(path)
        parser.feed(html)
        fields = [(k, v) for k, v in parser.fields if k not in overrides] + list(overrides.items())
        return self.request("POST", path, fields)

    def login(self, username: str) -> bool:
        status, _, html, _ = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if status != 200 or not token:
            return False
        body = {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": DEMO_PASSWORD,
            "next": "",
        }
        status, *_ = self.request("POST", "/accounts/login/", body)
        return status == 302 and "sessionid" in self.cookies


# --- the traffic --------------------------------------------------------------------------------
@dataclass
class Actor:
    role: str
    username: str | None
    pages: list[tuple[str, float]]  # (path or "POST:<kind>:<path>", weight)
    writes: list[int] = field(default_factory=list)  # visit ids this actor may record


def plan(users: int, rng: random.Random) -> list[Actor]:
    """Who the virtual users are and which pages each may visit (ids from the bench database)."""
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.branches.models import BranchActivity, PartyBranch
    from apps.cadres.models import Cadre
    from apps.publicity.models import Article
    from apps.visits.models import Visit

    articles = list(Article.objects.published().values_list("pk", flat=True)[:200])
    categories = sorted({c for c in Article.objects.values_list("category", flat=True)})
    public_pages = [("/", 3), ("/news/", 1), (f"/news/search/?q={quote('走访')}", 1)]
    public_pages += [(f"/news/{pk}/", 4 / len(articles)) for pk in articles]
    public_pages += [(f"/news/category/{c}/", 1 / len(categories)) for c in categories]

    branches = list(
        PartyBranch.objects.filter(secretary__isnull=False)
        .annotate(n=Count("memberships"))
        .filter(n__gte=3)
        .select_related("secretary")
        .order_by("pk")
    )
    rng.shuffle(branches)
    staff = [u for u in User.objects.filter(username__in=["district_dc", "bureau"])]
    open_visits = defaultdict(list)
    for user in staff:
        open_visits[user.username] = list(
            Visit.objects.visible_to(user)
            .filter(status__in=["planned", "overdue"])
            .values_list("pk", flat=True)
            .order_by("?")[:400]
        )

    n_public = users * 2 // 5
    n_secretary = users * 3 // 10
    n_staff = users - n_public - n_secretary
    actors = [Actor("public", None, public_pages) for _ in range(n_public)]
    for i in range(n_secretary):
        branch = branches[i % len(branches)]
        activities = list(
            BranchActivity.objects.filter(branch=branch).values_list("pk", flat=True)[:5]
        )
        pages = [
            ("/portal/", 1),
            ("/branches/", 2),
            (f"/branches/{branch.pk}/", 3),
            (f"/branches/{branch.pk}/birthdays/", 1),
            (f"/branches/{branch.pk}/activities/new/", 1),
            ("/notifications/", 1),
            (f"POST:activity:/branches/{branch.pk}/activities/new/", 0.5),
        ]
        pages += [(f"/branches/activities/{pk}/", 2 / max(1, len(activities))) for pk in activities]
        actors.append(Actor("secretary", branch.secretary.username, pages))
    for i in range(n_staff):
        user = staff[i % len(staff)]
        cadres = list(
            Cadre.objects.visible_to(user).values_list("pk", flat=True).order_by("?")[:50]
        )
        mine = open_visits[user.username][i::n_staff]
        pages = [
            ("/portal/", 1),
            ("/cadres/", 2),
            (f"/cadres/?q={quote('张')}", 1),
            ("/services/visits/mine/", 2),
            ("/services/visits/", 1),
            ("/volunteers/", 1),
        ]
        pages += [(f"/cadres/{pk}/", 3 / len(cadres)) for pk in cadres]
        pages += [(f"/services/visits/{pk}/", 2 / max(1, len(mine))) for pk in mine[:20]]
        pages += [("POST:visit:", 0.5)]
        actors.append(Actor("staff", user.username, pages, writes=mine))
    return actors


@dataclass
class Result:
    role: str
    label: str
    status: int
    ms: float
    at: float  # time.monotonic() when the answer came
    note: str = ""


def run_load(
    port: int, actors: list[Actor], *, duration: float, think: tuple[float, float], seed: int
) -> tuple[list[Result], float]:
    """Log every actor in, then run them all for `duration` seconds; returns the results."""
    clients: list[Client | None] = [None] * len(actors)

    def sign_in(i: int) -> None:
        client = Client(port)
        actor = actors[i]
        if actor.username is None or client.login(actor.username):
            clients[i] = client

    threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(len(actors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = [a.username for a, c in zip(actors, clients, strict=True) if c is None]
    if failed:
        sys.exit(f"login failed for {failed}")

    results: list[Result] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + duration
    today = time.strftime("%Y-%m-%d")

    def loop(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        actor, client = actors[i], clients[i]
        paths = [p for p, _ in actor.pages]
        weights = [w for _, w in actor.pages]
        writes = list(actor.writes)
        while time.monotonic() < stop_at:
            path = rng.choices(paths, weights)[0]
            expect = 200
            try:
                if path.startswith("POST:activity:"):
                    target = path.split(":", 2)[2]
                    label = "POST activity"
                    status, ms, _, _ = client.post_form(
                        target,
                        {"kind": "theme_day", "topic": f"压测主题党日{i}-{rng.random():.6f}"},
                    )
                    expect = 302
                elif path.startswith("POST:visit:"):
                    if not writes:
                        continue
                    target = f"/services/visits/{writes.pop()}/"
                    label = "POST visit record"
                    status, ms, _, _ = client.post_form(
                        target,
                        {"done_on": today, "form": "phone", "visitors": "压测", "money": "0"},
                    )
                    expect = 302
                else:
                    label = re.sub(r"\d+", "<id>", path.split("?")[0])
                    status, ms, _, _ = client.get(path)
                note = "" if status == expect else f"expected {expect}"
            except OSError as exc:
                label, status, ms, note = locals().get("label", path), 0, 0.0, repr(exc)
            with lock:
                results.append(Result(actor.role, label, status, ms, time.monotonic(), note))
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(len(actors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - start


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def report(results: list[Result], elapsed: float, *, title: str = "load") -> dict:
    errors = [r for r in results if r.note or r.status == 0 or r.status >= 400]
    ok = [r.ms for r in results if r not in errors]
    print(
        f"{title}: {len(results)} requests in {elapsed:.1f} s = {len(results) / elapsed:.1f} req/s; "
        f"p50 {percentile(ok, 0.5):.0f} ms, p95 {percentile(ok, 0.95):.0f} ms, "
        f"p99 {percentile(ok, 0.99):.0f} ms, max {max(ok, default=0):.0f} ms; errors {len(errors)}"
    )
    by_role = defaultdict(list)
    for r in results:
        by_role[r.role].append(r)
    for role, rows in sorted(by_role.items()):
        ms = [r.ms for r in rows if r not in errors]
        print(
            f"  {role:10} {len(rows):6d} req  p50 {percentile(ms, 0.5):5.0f} ms  "
            f"p95 {percentile(ms, 0.95):5.0f} ms  errors {sum(1 for r in rows if r in errors)}"
        )
    by_page = defaultdict(list)
    for r in results:
        by_page[r.label].append(r.ms)
    slow = sorted(by_page.items(), key=lambda kv: -percentile(kv[1], 0.95))[:6]
    print(
        "  slowest pages by p95: " + ", ".join(f"{k} {percentile(v, 0.95):.0f} ms" for k, v in slow)
    )
    if errors:
        counts = Counter((r.label, r.status, r.note) for r in errors)
        for (label, status, note), n in counts.most_common(8):
            print(f"  error x{n}: {label} -> {status} {note}")
    return {
        "requests": len(results),
        "rps": len(results) / elapsed,
        "p50": percentile(ok, 0.5),
        "p95": percentile(ok, 0.95),
        "errors": len(errors),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (at most 60)")
    parser.add_argument("--cadres", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"))
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    duration = min(args.duration, 60.0)
    source = os.environ.get("DATABASE_URL")
    if not source:
        sys.exit("Set DATABASE_URL (the bench uses a separate '<name>_load_bench' next to it).")
    url, name, admin_url = bench_database_url(source)
    env = server_env(url, os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10"), "load_bench")
    if args.reuse and is_seeded(url):
        print(f"database {name}: reused")
    else:
        recreate_database(admin_url, name)
        took = seed(env, args.cadres)
        print(f"database {name}: seed_demo --cadres {args.cadres} in {took:.0f} s")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.cache import cache

    cache.delete_pattern("*")
    actors = plan(args.users, random.Random(args.seed))
    proc, port = start_gunicorn(env, args.workers)
    try:
        roles = Counter(a.role for a in actors)
        print(
            f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; {len(actors)} users "
            f"({', '.join(f'{n} {r}' for r, n in sorted(roles.items()))}), think time "
            f"{args.think[0]}-{args.think[1]} s, {duration:.0f} s"
        )
        results, elapsed = run_load(
            port, actors, duration=duration, think=tuple(args.think), seed=args.seed
        )
        report(results, elapsed)
    finally:
        stop(proc)
        cache.delete_pattern("*")
    print("gunicorn stopped")


if __name__ == "__main__":
    main()
