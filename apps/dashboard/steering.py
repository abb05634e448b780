"""The steering section of the dashboard: the year's task list per unit, the assessment ranking
and 荣誉退休 completion. Each figure links to the list whose row count it is (the assignment
list, the round's ranking, the onboarding list), read through the same selectors."""

from apps.onboarding import selectors as onboarding_selectors
from apps.steering import selectors as steering_selectors
from apps.steering.models import AssessmentEntry, Rubric

from .figures import kpi, link, num


def _cell(value, url=None) -> dict:
    return {"v": num(value), "url": url}


def steering_section(user, window) -> dict:
    year, today = window.year, window.today
    progress = steering_selectors.progress_by_unit(user, year=year, today=today)
    completion = onboarding_selectors.completion_by_unit(user, year=year)
    assessment = steering_selectors.latest_round(user, year=year, kind=Rubric.Kind.ASSESSMENT)
    entries = steering_selectors.ranking(assessment, user) if assessment else []

    def tasks(unit=None, status=None):
        return link("steering:assignment_list", year=year, unit=unit, status=status)

    def onboarding(unit=None, state=None):
        return link("onboarding:list", year=year, unit=unit, state=state)

    total = sum(r["total"] for r in progress)
    accepted = sum(r["accepted"] for r in progress)
    overdue = sum(r["overdue"] for r in progress)
    started = sum(r["started"] for r in completion)
    completed = sum(r["completed"] for r in completion)
    tables = [
        {
            "title": "年度任务清单进度（按责任单位）",
            "headers": ["单位", "任务数", "已通过", "待审核", "逾期"],
            "rows": [
                [
                    _cell(r["unit__name"]),
                    _cell(r["total"], tasks(r["unit_id"])),
                    _cell(r["accepted"], tasks(r["unit_id"], "accepted")),
                    _cell(r["submitted"], tasks(r["unit_id"], "submitted")),
                    _cell(r["overdue"], tasks(r["unit_id"], steering_selectors.OVERDUE)),
                ]
                for r in progress
            ],
        },
        {
            "title": "荣誉退休完成情况（按单位）",
            "headers": ["单位", "已启动", "已完成"],
            "rows": [
                [
                    _cell(r["cadre__unit__name"]),
                    _cell(r["started"], onboarding(r["cadre__unit_id"])),
                    _cell(r["completed"], onboarding(r["cadre__unit_id"], "done")),
                ]
                for r in completion
            ],
        },
    ]
    kpis = [
        kpi("本年单位任务", total, tasks(), "项"),
        kpi("已审核通过", accepted, tasks(status="accepted"), "项"),
        kpi("逾期未报", overdue, tasks(status=steering_selectors.OVERDUE), "项"),
        kpi("荣誉退休启动", started, onboarding(), "人"),
        kpi("荣誉退休完成", completed, onboarding(state="done"), "人"),
    ]
    if assessment is not None:
        ranked = link("steering:round_detail", assessment.pk)
        kpis.append(kpi(f"参评单位（{assessment.title}）", len(entries), ranked, "个"))
        tables.append(
            {
                "title": f"考核排名：{assessment.title}",
                "headers": ["名次", "单位", "总分", "状态"],
                "rows": [
                    [
                        _cell(e.rank or "—"),
                        _cell(e.candidate or e.unit.name),
                        _cell(
                            e.total if e.total is not None else "—",
                            link("steering:entry_detail", e.pk),
                        ),
                        _cell(AssessmentEntry.Status(e.status).label),
                    ]
                    for e in entries
                ],
            }
        )
    return {
        "key": "steering",
        "title": "工作督导",
        "note": f"{year}年任务清单、考核排名与荣誉退休；逾期为已过完成时限仍未报送的任务",
        "kpis": kpis,
        "tables": tables,
        "charts": [],
    }
