"""Demo party branches: a 党总支 and ~30-member branches per district drawn from the demo
register (a few party members left out, for the 应统未统 list), a secretary account per
branch (secretary1 on 东城区's first branch), a year of 三会一课 records with recent attendance,
dues, rectifications, 六好 assessments and studios. Bulk inserts throughout."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from apps.accounts.models import OrgUnit, Role, User
from apps.accounts.roles import sync_role_groups, user_set_role
from apps.cadres.models import Cadre

from .models import (
    Attendance,
    BranchActivity,
    Membership,
    PartyBranch,
    PartyStudio,
    Rectification,
    SixGoodAssessment,
)
from .services import dues_generate_month, dues_pay

ORDER = 30
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo credential (README)
BRANCH_SIZE = 30
ATTENDANCE_DAYS = 30
TOPICS = {
    "general_meeting": ["学习贯彻党的二十届四中全会精神", "选举支部委员会", "党员年度学习计划"],
    "committee": ["研究本月组织生活安排", "讨论困难党员帮扶", "研究党费收缴情况"],
    "group_meeting": ["学习《中国共产党章程》", "交流学习体会", "传达上级文件精神"],
    "lecture": ["老党员讲党课：初心与使命", "党史专题党课", "廉洁自律专题党课"],
    "theme_day": ["重温入党誓词", "参观红色教育基地", "社区志愿服务"],
    "life_meeting": ["年度组织生活会"],
    "evaluation": ["民主评议党员"],
}
PLACES = ["社区党群服务中心", "老干部活动中心", "支部活动室", "新时代文明实践站"]


def _month_starts(today: date, months: int) -> list[date]:
    out, cursor = [], today.replace(day=1)
    for _ in range(months):
        out.append(cursor)
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    return out


def _secretary1(district: OrgUnit) -> User:
    user = User.objects.filter(username="secretary1").first()
    if user is None:
        user = User.objects.create(username="secretary1", full_name="孙书记", unit=district)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if user.role != Role.SECRETARY:
        user_set_role(user=user, role=Role.SECRETARY)
    return user


def _branches(rng, districts, today) -> tuple[list[PartyBranch], dict[int, list[int]]]:
    """Branches per district and their members' cadre ids (in the district's subtree)."""
    members: dict[int, list[int]] = {}
    branches: list[PartyBranch] = []
    for district in districts:
        cadre_ids = list(
            Cadre.objects.alive()
            .party_members()
            .filter(unit__path__startswith=district.path)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rng.shuffle(cadre_ids)
        cadre_ids = cadre_ids[: int(len(cadre_ids) * 0.97)]  # the rest: 应统未统
        general = PartyBranch.objects.create(
            name=f"{district.name}离退休干部党总支",
            kind=PartyBranch.Kind.GENERAL,
            unit=district,
            founded_on=date(2005, 7, 1),
        )
        count = max(1, len(cadre_ids) // BRANCH_SIZE)
        chunk = [
            PartyBranch(
                name=f"{district.name}离退休干部第{i + 1}党支部",
                unit=district,
                parent=general,
                founded_on=date(2008 + i % 10, 1 + i % 12, 1),
            )
            for i in range(count)
        ]
        if rng.random() < 0.7:
            chunk[0].demo_level, chunk[0].demo_year = PartyBranch.DemoLevel.CITY, today.year - 1
        PartyBranch.objects.bulk_create(chunk)
        for i, branch in enumerate(chunk):
            members[branch.pk] = cadre_ids[i::count]
        branches.extend(chunk)
    return branches, members


def _secretaries(branches: list[PartyBranch], secretary1: User) -> None:
    group = Group.objects.get(name=Role.SECRETARY.label)
    password = make_password(DEMO_PASSWORD)  # hashed once: thousands of accounts in seconds
    users = User.objects.bulk_create(
        User(
            username=f"branch_sec_{b.pk}",
            full_name=f"{b.name[-6:]}书记",
            role=Role.SECRETARY,
            unit_id=b.unit_id,
            password=password,
        )
        for b in branches[1:]
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    branches[0].secretary = secretary1
    for branch, user in zip(branches[1:], users, strict=True):
        branch.secretary = user
    PartyBranch.objects.bulk_update(branches, ["secretary"], batch_size=2000)


def _activities(rng, branches, members, today, secretary_of) -> tuple[int, int]:
    months = _month_starts(today, 12)
    plan = []
    for branch in branches:
        for month in months:
            kinds = ["committee", "group_meeting", "theme_day"]
            if month.month in (1, 4, 7, 10) or rng.random() < 0.2:
                kinds += ["general_meeting", "lecture"]
            if month.month == 1:
                kinds += ["life_meeting", "evaluation"]
            for kind in kinds:
                if rng.random() < 0.12:
                    continue  # some branches miss some months: the reports have something to say
                held = month + timedelta(days=rng.randint(0, 27))
                if held > today:
                    continue
                plan.append(
                    BranchActivity(
                        branch=branch,
                        kind=kind,
                        held_on=held,
                        topic=rng.choice(TOPICS[kind]),
                        place=rng.choice(PLACES),
                        content="会议按议程进行，党员交流发言。",
                        recorded_by_id=secretary_of.get(branch.pk),
                    )
                )
    BranchActivity.objects.bulk_create(plan, batch_size=5000)
    recent = today - timedelta(days=ATTENDANCE_DAYS)
    rows = []
    for activity in plan:
        if activity.held_on < recent and activity.branch_id != branches[0].pk:
            continue
        for cadre_id in members[activity.branch_id]:
            roll = rng.random()
            if roll < 0.85:
                rows.append(Attendance(activity=activity, cadre_id=cadre_id, status="present"))
            elif roll < 0.95:
                rows.append(
                    Attendance(
                        activity=activity, cadre_id=cadre_id, status="excused", reason="身体原因"
                    )
                )
            else:
                rows.append(
                    Attendance(
                        activity=activity, cadre_id=cadre_id, status="absent", reason="外出探亲"
                    )
                )
    Attendance.objects.bulk_create(rows, batch_size=10000)
    return len(plan), len(rows)


def seed(*, rng: random.Random, today: date, log) -> None:
    if PartyBranch.objects.exists():
        log("branches: already seeded, nothing added")
        return
    sync_role_groups()
    districts = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.DISTRICT).order_by("path"))
    if not districts:
        log("branches: no districts in the register, nothing added")
        return
    home = next((d for d in districts if d.name == "东城区"), districts[0])
    districts.sort(key=lambda d: d != home)  # secretary1's district first
    with transaction.atomic():
        branches, members = _branches(rng, districts, today)
        secretary1 = _secretary1(home)
        _secretaries(branches, secretary1)
        Membership.objects.bulk_create(
            (
                Membership(
                    branch_id=branch_id,
                    cadre_id=cadre_id,
                    joined_on=date(2010 + cadre_id % 10, 3, 1),
                    pension=Decimal(rng.randrange(3000, 9000, 50)),
                )
                for branch_id, ids in members.items()
                for cadre_id in ids
            ),
            batch_size=5000,
        )
        secretary_of = {b.pk: b.secretary_id for b in branches}
        n_activities, n_attendance = _activities(rng, branches, members, today, secretary_of)
        first = branches[0]
        Rectification.objects.bulk_create(
            [
                Rectification(
                    branch=first,
                    owner=secretary1,
                    problem="党小组会记录不完整，缺少签到表",
                    deadline=today + timedelta(days=20),
                ),
                Rectification(
                    branch=first,
                    owner=secretary1,
                    problem="党员档案信息未及时更新",
                    deadline=today - timedelta(days=5),
                ),
            ]
        )
        SixGoodAssessment.objects.bulk_create(
            SixGoodAssessment(
                branch=b,
                year=today.year - 1,
                organisation=rng.randint(80, 100),
                leadership=rng.randint(75, 100),
                members=rng.randint(75, 100),
                study=rng.randint(70, 100),
                role=rng.randint(70, 100),
                rules=rng.randint(70, 100),
                result=rng.choice(["six_good", "qualified", "qualified"]),
            )
            for b in branches[:: max(1, len(branches) // 50)]
        )
        PartyStudio.objects.bulk_create(
            PartyStudio(
                name=f"{d.name}老党员工作室",
                unit=d,
                kind=PartyStudio.Kind.STUDIO,
                branch=next((b for b in branches if b.unit_id == d.pk), None),
                established_on=date(2018, 7, 1),
                description="老党员宣讲、调解、关心下一代",
            )
            for d in districts
        )
    dues_generate_month(on=today)
    for cadre_id in members[first.pk][: len(members[first.pk]) // 2]:
        dues_pay(
            branch=first,
            cadre_id=cadre_id,
            months=[today.replace(day=1)],
            paid_on=today,
            by=secretary1,
        )
    log(
        f"branches: {len(branches)} branches, {sum(map(len, members.values()))} members, "
        f"{n_activities} activities, {n_attendance} attendance rows"
    )
