"""Visit generation and reminders: one set-based run vs fan-out per city/district (issue 21).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench_first REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/jobs_fanout.py --size 50000 [--split city|district] [--workers 2]
        [--rounds 2] [--date 2027-02-01]

The source is bench/province.py's seeded database `<DATABASE_URL's name>_<size>` (migrated with
this code). Per round, each mode gets its own fresh copy (CREATE DATABASE … TEMPLATE):

- **set**: today's jobs in one process — visits_generate, visits_mark_overdue, visits_remind for
  the whole province (one INSERT … SELECT per rule and occasion date, two for the reminders);
- **fanout**: the same three jobs split per city (11 tasks) or district (99 tasks) over
  `--workers` processes running at once, as a Celery group on that many workers would: each task
  runs the same services with the cadres limited to its unit's subtree (the bench patches
  `covered_cadres` and the reminders' visit set; overdue marking is the same UPDATE with the
  unit condition). Worker i takes tasks i, i+w, i+2w …

Every process starts Django first and then waits for a common start time, so start-up is not
timed. Prints each mode's wall time (the first worker's start to the last one's end), the rows each made (the
two must be equal) and the ratio set ÷ fanout, alternating the modes, and the median over rounds.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import province  # noqa: E402 - bench/ on the path first


def _subtree(units: dict[int, int | None], top: int) -> list[int]:
    found, frontier = [top], [top]
    while frontier:
        frontier = [pk for pk, parent in units.items() if parent in frontier]
        found += frontier
    return found


def tasks(split: str) -> list[list[int]]:
    """Unit subtrees, one per task: the cities (kind city under the root) or the districts."""
    from apps.accounts.models import OrgUnit

    units = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    kind = "district" if split == "district" else "city"
    tops = OrgUnit.objects.filter(kind=kind, parent__isnull=False).order_by("sort_order", "pk")
    return [_subtree(units, pk) for pk in tops.values_list("pk", flat=True)]


def run_jobs(day: date, units: list[int] | None) -> dict:
    """The three visit jobs, for the whole province (units None) or one subtree."""
    from apps.visits.models import Visit
    from apps.visits.services import generation, reminders

    timings = {}
    if units is not None:
        covered, visits = generation.covered_cadres, reminders._visits
        generation.covered_cadres = lambda rule, **kw: covered(rule, **kw).filter(unit_id__in=units)
        reminders._visits = lambda: visits().filter(cadre__unit_id__in=units)
    try:
        t0 = time.perf_counter()
        made = {"generated": generation.visits_generate(on=day)}
        timings["generate_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        overdue = Visit.objects.filter(status=Visit.Status.PLANNED, due_date__lt=day)
        if units is not None:
            overdue = overdue.filter(cadre__unit_id__in=units)
        made["overdue"] = overdue.update(status=Visit.Status.OVERDUE)
        timings["overdue_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        made["reminded"] = reminders.visits_remind(on=day)
        timings["remind_s"] = time.perf_counter() - t0
    finally:
        if units is not None:
            generation.covered_cadres, reminders._visits = covered, visits
    return {"made": made, "timings": timings}


def worker(extra: dict) -> dict:
    day = date.fromisoformat(extra["day"])
    mine = None
    if extra["split"] != "set":
        everything = tasks(extra["split"])
        mine = everything[extra["index"] :: extra["workers"]]
    while time.time() < extra["start_at"]:
        time.sleep(0.01)
    started = time.time()
    made, timings = {}, {}
    for units in [None] if mine is None else mine:
        result = run_jobs(day, units)
        for key, value in result["made"].items():
            made[key] = made.get(key, 0) + value
        for key, value in result["timings"].items():
            timings[key] = timings.get(key, 0) + value
    return {
        "started": started,
        "ended": time.time(),
        "made": made,
        "tasks": 1 if mine is None else len(mine),
        "timings": {k: round(v, 2) for k, v in timings.items()},
    }


def run_mode(source: str, mode: str, args) -> dict:
    copy = province.copy_of(source, f"fan_{mode}")
    processes = 1 if mode == "set" else args.workers
    start_at = time.time() + 30 + 5 * processes  # every process has set Django up by then
    children = []
    for index in range(processes):
        extra = {
            "day": args.date,
            "split": "set" if mode == "set" else args.split,
            "index": index,
            "workers": processes,
            "start_at": start_at,
        }
        children.append(
            subprocess.Popen(  # noqa: S603 - this script, our arguments
                [sys.executable, __file__, "--worker", copy, "--extra", json.dumps(extra)],
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    results = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"worker of {mode} failed")
        results.append(json.loads(out.strip().splitlines()[-1]))
    province.drop(copy)
    made: dict[str, int] = {}
    for r in results:
        for key, value in r["made"].items():
            made[key] = made.get(key, 0) + value
    late = [r for r in results if r["started"] > start_at + 1]
    return {
        "mode": mode,
        # From the first worker's start: a worker slow to set Django up starts late, not longer.
        "wall_s": max(r["ended"] for r in results) - min(r["started"] for r in results),
        "made": made,
        "workers": [{"tasks": r["tasks"], **r["timings"]} for r in results],
        "late_start": len(late),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=50000)
    parser.add_argument("--split", choices=["city", "district"], default="city")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--date", default="2027-02-01")
    parser.add_argument("--worker")
    parser.add_argument("--extra", default="{}")
    args = parser.parse_args()
    if args.worker:
        province.setup_django(args.worker)
        print(json.dumps(worker(json.loads(args.extra))))
        return
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
    source = province.db_name(args.size)
    if not province.exists(source):
        raise SystemExit(f"{source} missing: seed it with bench/province.py --sizes {args.size}")
    walls: dict[str, list[float]] = {"set": [], "fanout": []}
    for round_ in range(args.rounds):
        order = ["set", "fanout"] if round_ % 2 == 0 else ["fanout", "set"]
        for mode in order:
            result = run_mode(source, mode, args)
            walls[mode].append(result["wall_s"])
            print(f"[{args.size} {args.split} round {round_}] {json.dumps(result)}", flush=True)
    s, f = statistics.median(walls["set"]), statistics.median(walls["fanout"])
    print(
        f"| {args.size} | set-based, 1 process | {s:.1f} s | fan-out per {args.split}, "
        f"{args.workers} processes | {f:.1f} s | set ÷ fan-out {s / f:.2f}× |"
    )


if __name__ == "__main__":
    main()
