"""Demo steering: this year's task list of the city bureau with items for every district in each
state (open, overdue, submitted, returned, accepted), an assessment rubric and round computed from
the list and 三会一课 compliance, a 六好 round at every step, and a 办实事 project and a 重点课题
with milestones. Idempotent: nothing is added when a task list exists."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from apps.accounts.models import OrgUnit, Role, User

from . import services
from .models import (
    AssessmentEntry,
    AssessmentRound,
    Milestone,
    Project,
    Rubric,
    RubricItem,
    TaskAssignment,
    TaskItem,
    TaskList,
)

ORDER = 80
ITEMS = [
    ("召开离退休干部党建工作专题会议", "会议记录、照片", 10, -120),
    ("开展“银发生辉”志愿服务月活动", "活动方案、照片", 15, -60),
    ("完成重阳节走访慰问", "走访台账", 20, -40),
    ("建设老党员工作室（老党员之家）", "挂牌照片、制度", 15, -10),
    ("落实离退休干部“两项待遇”督查", "督查报告", 20, 25),
    ("报送年度工作总结", "工作总结", 20, 45),
]
SIX_GOOD = [
    ("组织设置好", ["支部按期换届", "党小组设置合理"]),
    ("班子建设好", ["班子成员分工明确", "书记履职到位"]),
    ("党员队伍好", ["党员信息准确", "困难党员帮扶"]),
    ("学习活动好", ["三会一课正常开展", "主题党日有特色"]),
    ("作用发挥好", ["参与基层治理", "志愿服务"]),
    ("制度坚持好", ["组织生活会制度", "党费收缴制度"]),
]


def _rubric_assessment(city, task_list) -> AssessmentRound:
    rubric = Rubric.objects.create(name="离退休干部工作年度考核细则", kind="assessment", unit=city)
    rows = [
        ("01", "年度任务清单完成情况", "60", "score", "task_list", "", "按清单得分率折算"),
        ("02", "三会一课开展情况", "20", "score", "metric", "branches.compliance", "按达标率折算"),
        (
            "03",
            "易地安置干部走访全覆盖",
            "10",
            "score",
            "metric",
            "visits.coverage",
            "按覆盖率折算",
        ),
        ("04", "急难愁盼诉求按时办结", "10", "score", "metric", "casework.on_time", "按时办结率"),
        ("05", "创新工作经验被上级推广", "5", "bonus", "manual", "", "每项加 1 分，最多 5 分"),
        ("06", "发生负面舆情或通报批评", "10", "deduction", "manual", "", "每次扣 2 分"),
    ]
    for code, title, points, kind, source, metric, rule in rows:
        RubricItem.objects.create(
            rubric=rubric,
            code=code,
            title=title,
            points=Decimal(points),
            kind=kind,
            source=source,
            metric=metric,
            rule=rule,
        )
    return AssessmentRound.objects.create(
        rubric=rubric, year=task_list.year, title=f"{task_list.year}年度离退休干部工作考核",
        task_list=task_list,
    )  # fmt: skip


def _rubric_six_good(city, year) -> AssessmentRound:
    rubric = Rubric.objects.create(
        name="“六好”离退休干部党支部评选标准", kind="six_good", unit=city
    )
    for i, (title, subs) in enumerate(SIX_GOOD, start=1):
        parent = RubricItem.objects.create(
            rubric=rubric, code=f"{i}", title=title, points=Decimal("10")
        )
        for j, sub in enumerate(subs, start=1):
            RubricItem.objects.create(
                rubric=rubric, parent=parent, code=f"{i}.{j}", title=sub, points=Decimal("5")
            )
    return AssessmentRound.objects.create(
        rubric=rubric, year=year, title=f"{year}年度“六好”离退休干部党支部评选"
    )


def seed(*, rng: random.Random, today: date, log) -> None:
    if TaskList.objects.exists():
        log("steering: already seeded, nothing added")
        return
    city = OrgUnit.objects.filter(kind=OrgUnit.Kind.CITY).order_by("path").first()
    districts = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).order_by("path"))
    if city is None or not districts:
        log("steering: no city or districts, nothing added")
        return
    bureau = User.objects.filter(role=Role.BUREAU_STAFF, unit=city).order_by("pk").first()
    staff = {
        u.unit_id: u
        for u in User.objects.filter(role=Role.DISTRICT_STAFF, unit__in=districts).order_by("-pk")
    }
    year = today.year
    with transaction.atomic():
        task_list = TaskList.objects.create(
            year=year, title="离退休干部工作年度重点任务清单", unit=city, created_by=bureau
        )
        for number, (title, evidence, weight, offset) in enumerate(ITEMS, start=1):
            item = TaskItem.objects.create(
                task_list=task_list,
                number=number,
                title=title,
                deadline=today + timedelta(days=offset),
                weight=Decimal(weight),
                evidence_expected=evidence,
            )
            item.owner_units.set(districts)
        services.task_list_issue(task_list=task_list, by=bureau, on=date(year, 1, 15))
        for a in TaskAssignment.objects.filter(item__task_list=task_list).select_related("item"):
            by = staff.get(a.unit_id)
            n = a.item.number
            if n >= 5 or (n == 4 and rng.random() < 0.5):
                continue  # not due yet, or overdue and unreported
            score = a.item.weight - Decimal(rng.choice([0, 0, 1, 2]))
            services.assignment_report(
                assignment=a, by=by, progress=f"{a.unit.name}已按要求完成：{a.item.title}。",
                self_score=score,
            )  # fmt: skip
            if n == 3 and a.unit_id == districts[-1].pk:
                services.assignment_return(assignment=a, by=bureau, reason="请补充走访台账")
            elif n <= 2:
                deduction = Decimal(rng.choice([0, 0, 1]))
                services.assignment_accept(
                    assignment=a, by=bureau, deduction=deduction,
                    reason="佐证材料不完整" if deduction else "",
                )  # fmt: skip
        assessment = _rubric_assessment(city, task_list)
        six_good = _rubric_six_good(city, year)
        for district in districts:
            AssessmentEntry.objects.create(round=assessment, unit=district)
        services.round_compute(round=assessment)
        steps = ["named", "recommended", "self_assessed", "draft"]
        leaves = services.leaves(six_good.rubric)
        for i, district in enumerate(districts):
            entry = AssessmentEntry.objects.create(
                round=six_good, unit=district, candidate=f"{district.name}第一离退休干部党支部"
            )
            target = steps[i % len(steps)]
            by = staff.get(district.pk) or bureau
            if target == "draft":
                continue
            scores = {item.pk: item.points - rng.choice([0, 0, 1]) for item in leaves}
            services.entry_self_assess(entry=entry, by=by, scores=scores)
            if target in ("recommended", "named"):
                services.entry_recommend(entry=entry, by=by)
            if target == "named":
                services.entry_review(entry=entry, by=bureau, named=True, note="材料齐全，予以命名")
        home = districts[0]
        practical = Project.objects.create(
            unit=home, year=year, kind=Project.Kind.PRACTICAL,
            title="老干部活动中心适老化改造", goal="加装扶手、防滑地面，增设无障碍通道",
            lead="李东城", budget=Decimal("380000.00"), spent=Decimal("126500.00"),
            status=Project.Status.ONGOING,
        )  # fmt: skip
        for title, offset, done in (
            ("完成改造方案论证", -90, True),
            ("完成招标", -30, True),
            ("完成施工并验收", 40, False),
        ):
            Milestone.objects.create(
                project=practical, title=title, due_on=today + timedelta(days=offset),
                done_on=today + timedelta(days=offset) if done else None,
                done_by=staff.get(home.pk) if done else None,
            )  # fmt: skip
        topic = Project.objects.create(
            unit=city, year=year, kind=Project.Kind.KEY_TOPIC,
            title="新时代离退休干部党建工作机制研究", budget=Decimal("50000.00"),
            lead="王局办", status=Project.Status.PLANNED,
        )  # fmt: skip
        Milestone.objects.create(
            project=topic, title="形成调研报告初稿", due_on=today + timedelta(days=60)
        )
    log(
        f"steering: 1 task list ({len(ITEMS)} items × {len(districts)} units), 2 rounds, 2 projects"
    )
