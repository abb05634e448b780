"""The 老年大学 section of the dashboard: students (cadres holding a place in a term running this
year) by age band, by unit and by course. Every figure drills to the student list
(university:students) with the same filters, whose row count is the figure."""

from django.db.models import Count

from apps.cadres.filters import AGE_BANDS
from apps.university import selectors as university_selectors

from .figures import chart, kpi, link, table


def university_section(user, window) -> dict:
    from .selectors import _age_q, _by_child_unit  # selectors imports this module

    year, today = window.year, window.today
    cadres, places = university_selectors.students(user, year=year, today=today)

    def url(**params):
        return link("university:students", year=year, **params)

    aggregates = {"total": Count("pk")}
    for key, (_, low, high) in AGE_BANDS.items():
        aggregates[f"age_{key}"] = Count("pk", filter=_age_q(low, high, today))
    grouped = _by_child_unit(cadres, "unit__path", user, aggregates)
    totals = {name: sum(row[name] for _, _, row in grouped) for name in aggregates}
    ages = [
        (label, totals[f"age_{key}"], url(age_band=key)) for key, (label, _, _) in AGE_BANDS.items()
    ]
    units = [(name, row["total"], url(unit=pk) if pk else None) for pk, name, row in grouped]
    courses = list(
        places.order_by()
        .values("school_class__course_id", "school_class__course__name")
        .annotate(n=Count("cadre_id", distinct=True))
        .order_by("-n", "school_class__course__name")
    )
    by_course = [
        (r["school_class__course__name"], r["n"], url(course=r["school_class__course_id"]))
        for r in courses
    ]
    seats = places.count()
    return {
        "key": "university",
        "title": "老年大学",
        "note": f"{year} 年在读（已录取、未退出）的学员；一人读多个班按人计一次，按课程时各计一次",
        "kpis": [
            kpi("在读学员", totals["total"], url(), "人"),
            # Places and courses are read off the per-course table (each row drills to its list).
            kpi("在读人次", seats, "#university-courses", "人次"),
            kpi("开设课程", len(courses), "#university-courses", "门"),
        ],
        "tables": [
            table("按年龄段", ["年龄段", "学员"], ages),
            table("按单位（区县）", ["单位", "学员"], units),
            {**table("按课程", ["课程", "学员"], by_course), "anchor": "university-courses"},
        ],
        "charts": [
            chart("university-age", "bar", "学员年龄段", ages),
            chart("university-course", "bar", "各课程学员", by_course),
        ],
    }
