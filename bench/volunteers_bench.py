"""Volunteers benchmark: 300 teams, 6,000 volunteers, 3 years of activities; times the reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_volunteers_bench \\
        .venv/bin/python bench/volunteers_bench.py [--teams 300] [--volunteers 6000] [--years 3]

Uses (and flushes) the database named in DATABASE_URL — point it at a scratch database whose
name contains "bench". Prints numbers; asserts nothing (speed is measured here, never in tests).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
# Pages render without a collectstatic run (the manifest storage needs one).
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)


def timed(fn, runs=5):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def seed(args, today):
    from datetime import date, timedelta

    from django.db import connection

    from apps.accounts.models import OrgUnit
    from apps.cadres import demo as cadre_demo
    from apps.cadres.models import Cadre
    from apps.volunteers.demo import build_activities, ensure_fields
    from apps.volunteers.models import Volunteer, VolunteerTeam

    rng = random.Random(7)
    cadre_demo.seed(rng=rng, today=today, log=lambda m: None, cadres=args.volunteers + 2000)
    city = OrgUnit.objects.get(parent=None)
    units = list(OrgUnit.objects.exclude(pk=city.pk).order_by("path"))
    fields = ensure_fields()
    corps = VolunteerTeam.objects.create(name="总队", level="corps", unit=city)
    districts = [u for u in units if u.kind == "district"]
    brigades = {
        d.pk: VolunteerTeam.objects.create(
            name=f"{d.name}大队", level="brigade", parent=corps, unit=d
        )
        for d in districts
    }
    squads = []
    for i in range(args.teams - 1 - len(brigades)):
        unit = units[i % len(units)]
        district_id = int(unit.path.strip("/").split("/")[1])
        squads.append(
            VolunteerTeam(
                name=f"分队{i:03d}",
                level="squad",
                unit=unit,
                parent=brigades.get(district_id, corps),
            )
        )
    VolunteerTeam.objects.bulk_create(squads)
    teams = list(VolunteerTeam.objects.select_related("unit").order_by("pk"))
    for team in teams:
        team.demo_fields = {f.pk for f in rng.sample(fields, 3)}

    cadres = list(
        Cadre.objects.alive().order_by("pk").values_list("pk", "unit__path")[: args.volunteers]
    )
    volunteers = Volunteer.objects.bulk_create(
        [Volunteer(cadre_id=pk, registered_on=date(today.year - 4, 1, 1)) for pk, _ in cadres],
        batch_size=5000,
    )
    by_unit = {}
    for team in teams:
        by_unit.setdefault(team.unit.path, []).append(team)
    members, links = {}, []
    through = Volunteer.teams.through
    for volunteer, (_, path) in zip(volunteers, cadres, strict=True):
        district_path = "/".join(path.split("/")[:3]) + "/"
        options = by_unit.get(path) or by_unit.get(district_path) or teams
        for team in rng.sample(options, min(len(options), 1 if rng.random() < 0.8 else 2)):
            links.append(through(volunteer_id=volunteer.pk, volunteerteam_id=team.pk))
            members.setdefault(team.pk, []).append(volunteer.pk)
    through.objects.bulk_create(links, batch_size=10000)
    n_activities, n_records = build_activities(
        rng=rng,
        teams=teams,
        members=members,
        fields=fields,
        start=today - timedelta(days=365 * args.years),
        end=today,
        per_month=args.per_month,
        pending_after=today - timedelta(days=14),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return len(teams), len(volunteers), n_activities, n_records


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=300)
    parser.add_argument("--volunteers", type=int, default=6000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--per-month", type=int, default=4, help="activities per team a month")
    args = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a scratch database whose name contains 'bench'.")

    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.volunteers import exports, selectors
    from apps.volunteers.models import VolunteerTeam

    today = timezone.localdate()
    if args.reuse and VolunteerTeam.objects.count() >= args.teams:
        print("reusing the seeded database")
    else:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        teams, volunteers, activities, records = seed(args, today)
        print(
            f"seed: {teams} teams, {volunteers} volunteers, {activities} activities, "
            f"{records} service records over {args.years} years: {time.perf_counter() - t0:.1f} s"
        )

    bureau = User.objects.get(username="bureau")
    district = User.objects.get(username="district_dc")
    leader = User.objects.get(username="team_leader1")
    VolunteerTeam.objects.filter(
        pk=VolunteerTeam.objects.filter(level="squad").order_by("pk").values("pk")[:1]
    ).update(leader=leader)
    year = (today - timedelta(days=365), today)
    whole = (today - timedelta(days=365 * args.years), today)

    def report(user, period, fn=selectors.team_report):
        return lambda: fn(user=user, start=period[0], end=period[1])

    cases = [
        ("team report, bureau, last year", report(bureau, year)),
        ("team report, bureau, 3 years", report(bureau, whole)),
        ("team report, district staff, 3 years", report(district, whole)),
        ("team report, team leader, 3 years", report(leader, whole)),
        ("field report, bureau, 3 years", report(bureau, whole, selectors.field_report)),
        ("top volunteers, bureau, 3 years", report(bureau, whole, selectors.top_volunteers)),
        ("Excel export, bureau, 3 years", report(bureau, whole, exports.report_workbook)),
    ]
    print(f"{'case':42} {'queries':>7} {'median ms':>10} {'max ms':>8}")
    for name, fn in cases:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        median, worst = timed(fn)
        print(f"{name:42} {len(ctx.captured_queries):>7} {median:>10.1f} {worst:>8.1f}")

    client = Client()
    client.force_login(bureau)
    params = {"start": whole[0].isoformat(), "end": whole[1].isoformat()}
    # A request resets connection.queries, so the page's queries are counted by a wrapper.
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    for url, label in [
        ("/volunteers/reports/", "report page"),
        ("/volunteers/reports/export.xlsx", "Excel export page"),
    ]:
        executed.clear()
        with connection.execute_wrapper(count):
            status = client.get(url, params).status_code
        median, worst = timed(lambda url=url: client.get(url, params))
        name = f"{label} (HTTP {status}), bureau, 3 years"
        print(f"{name:42} {len(executed):>7} {median:>10.1f} {worst:>8.1f}")


if __name__ == "__main__":
    main()
