"""Demo volunteers: a city 总队, a 大队 and two 分队 per district, volunteers drawn from the demo
register, a year of activities with confirmed hours credited to the time bank, key projects.
Bulk inserts throughout; `build_activities` is shared with bench/volunteers_bench.py."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from apps.accounts.models import OrgUnit, Role, User
from apps.accounts.roles import user_set_role
from apps.branches.models import Membership, PartyStudio
from apps.cadres.models import Cadre

from .models import (
    KeyProject,
    ProjectMilestone,
    ServiceField,
    ServiceRecord,
    TimeBankEntry,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)

ORDER = 50
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo credential (README)
CORPS_NAME = "老干部志愿服务总队"
BRANDS = ["银发生辉", "夕阳红", "银龄先锋", "老兵新传", "银辉沐企", "桑榆情"]
TITLES = {
    "政策宣讲": ["党的创新理论宣讲进社区", "老党员讲党课", "红色故事会"],
    "基层治理": ["社区矛盾纠纷调解", "网格巡查", "楼道议事会"],
    "乡村振兴": ["助农直播带货", "农技下乡", "乡村规划咨询"],
    "关心下一代": ["青少年红色教育", "留守儿童课业辅导", "开学第一课"],
    "文明创建": ["文明交通劝导", "垃圾分类宣传", "文明城市创建志愿服务"],
    "环境保护": ["河道清洁", "植树护绿", "环保知识讲座"],
    "科技文化卫生": ["义诊咨询", "书法进校园", "防诈骗知识讲座"],
    "助老扶弱": ["走访空巢老人", "助老送餐", "爱心理发"],
    "法律服务": ["法律咨询", "普法宣传"],
    "服务企业": ["银辉沐企座谈", "企业发展咨询"],
}
PLACES = ["社区党群服务中心", "新时代文明实践站", "中心小学", "老年活动中心", "村委会", "文化广场"]


def ensure_fields() -> list[ServiceField]:
    """The seeded service fields (migration 0003), back after a `flush`."""
    for order, name in enumerate(TITLES, start=1):
        ServiceField.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    return list(ServiceField.objects.filter(is_active=True))


def build_activities(
    *,
    rng: random.Random,
    teams: list[VolunteerTeam],
    members: dict[int, list[int]],
    fields: list[ServiceField],
    start: date,
    end: date,
    per_month: int,
    pending_after: date | None = None,
    batch: int = 5000,
) -> tuple[int, int]:
    """Insert ~per_month activities a month per team with 3–10 members each; returns counts."""
    names = {f.pk: f.name for f in fields}
    days = (end - start).days + 1
    n_activities = n_records = 0
    todo: list[tuple[VolunteerActivity, list[int]]] = []

    def flush():
        nonlocal n_activities, n_records
        if not todo:
            return
        VolunteerActivity.objects.bulk_create([a for a, _ in todo], batch_size=batch)
        records = []
        for activity, people in todo:
            status = (
                ServiceRecord.Status.PENDING
                if pending_after and activity.date > pending_after
                else ServiceRecord.Status.CONFIRMED
            )
            for volunteer_id in people:
                records.append(
                    ServiceRecord(
                        activity=activity,
                        volunteer_id=volunteer_id,
                        hours=Decimal(rng.choice(["1", "1.5", "2", "2", "3", "4"])),
                        status=status,
                    )
                )
        ServiceRecord.objects.bulk_create(records, batch_size=batch)
        n_activities += len(todo)
        n_records += len(records)
        todo.clear()

    for team in teams:
        people = members.get(team.pk) or []
        if not people:
            continue
        team_fields = [f for f in fields if f.pk in getattr(team, "demo_fields", ())] or fields
        for _ in range(max(1, days * per_month // 30)):
            field = rng.choice(team_fields)
            todo.append(
                (
                    VolunteerActivity(
                        team=team,
                        title=rng.choice(TITLES.get(names[field.pk], ["志愿服务活动"])),
                        date=start + timedelta(days=rng.randrange(days)),
                        place=rng.choice(PLACES),
                        field=field,
                        beneficiaries=rng.randint(5, 120),
                    ),
                    rng.sample(people, min(len(people), rng.randint(3, 10))),
                )
            )
            if len(todo) >= batch:
                flush()
    flush()
    return n_activities, n_records


def _credit_ledger(today: date) -> int:
    """Time bank credits for every confirmed record, in date order, and the final balances."""
    rows = (
        ServiceRecord.objects.confirmed()
        .order_by("volunteer_id", "activity__date", "pk")
        .values_list("pk", "volunteer_id", "hours", "activity__title", "activity__date")
    )
    balances: dict[int, Decimal] = defaultdict(Decimal)
    entries = []
    for pk, volunteer_id, hours, title, day in rows.iterator(chunk_size=5000):
        balances[volunteer_id] += hours
        entries.append(
            TimeBankEntry(
                volunteer_id=volunteer_id,
                kind=TimeBankEntry.Kind.CREDIT,
                hours=hours,
                balance_after=balances[volunteer_id],
                on=day,
                record_id=pk,
                description=f"志愿服务：{title}"[:200],
            )
        )
    TimeBankEntry.objects.bulk_create(entries, batch_size=5000)
    Volunteer.objects.bulk_update(
        [Volunteer(pk=pk, time_balance=b) for pk, b in balances.items()],
        ["time_balance"],
        batch_size=2000,
    )
    return len(entries)


def _team_leader(district: OrgUnit) -> User:
    user = User.objects.filter(username="team_leader1").first()
    if user is None:
        user = User(username="team_leader1", full_name="周队长", unit=district)
        user.set_password(DEMO_PASSWORD)
        user.save()
        user_set_role(user=user, role=Role.TEAM_LEADER)
    return user


def seed(*, rng: random.Random, today: date, log) -> None:
    if VolunteerTeam.objects.filter(name=CORPS_NAME).exists():
        log("  volunteers: demo data already present")
        return
    city = OrgUnit.objects.filter(parent=None, kind=OrgUnit.Kind.CITY).order_by("pk").first()
    if city is None:
        log("  volunteers: no demo register yet, skipped")
        return
    districts = list(
        OrgUnit.objects.filter(parent=city, kind=OrgUnit.Kind.DISTRICT).order_by("path")
    )
    fields = ensure_fields()
    with transaction.atomic():
        corps = VolunteerTeam.objects.create(
            name=CORPS_NAME,
            level=VolunteerTeam.Level.CORPS,
            unit=city,
            brand="银发生辉",
            founded_on=date(today.year - 6, 3, 5),
        )
        teams = [corps]
        for district in districts:
            brigade = VolunteerTeam.objects.create(
                name=f"{district.name}老干部志愿服务大队",
                level=VolunteerTeam.Level.BRIGADE,
                parent=corps,
                unit=district,
                brand=rng.choice(BRANDS),
                founded_on=date(today.year - 5, 5, 1),
            )
            teams.append(brigade)
            towns = list(district.children.order_by("path")[:2]) or [district]
            for i, town in enumerate(towns, 1):
                teams.append(
                    VolunteerTeam(
                        name=f"{town.name}银发志愿服务分队",
                        level=VolunteerTeam.Level.SQUAD,
                        parent=brigade,
                        unit=town,
                        brand=rng.choice(BRANDS),
                        founded_on=date(today.year - 4, i, 1),
                    )
                )
        # Old-party-member studios (branches demo, ORDER 30) each get a service team.
        for studio in PartyStudio.objects.select_related("unit").order_by("pk")[:4]:
            teams.append(
                VolunteerTeam(
                    name=f"{studio.name}志愿服务队"[:100],
                    level=VolunteerTeam.Level.STUDIO,
                    parent=corps,
                    unit=studio.unit,
                    studio=studio,
                    brand="红色传承",
                )
            )
        VolunteerTeam.objects.bulk_create([t for t in teams if t.pk is None])
        teams = list(
            VolunteerTeam.objects.filter(Q(pk=corps.pk) | Q(parent=corps) | Q(parent__parent=corps))
            .select_related("unit")
            .order_by("pk")
        )
        through = VolunteerTeam.service_fields.through
        links = []
        for team in teams:
            team.demo_fields = {f.pk for f in rng.sample(fields, 3)}
            links += [
                through(volunteerteam_id=team.pk, servicefield_id=f) for f in team.demo_fields
            ]
        through.objects.bulk_create(links)

        leader_team = next(
            (t for t in teams if t.level == "squad" and t.unit.path.startswith(districts[0].path)),
            teams[-1],
        )
        leader = _team_leader(districts[0])
        VolunteerTeam.objects.filter(pk=leader_team.pk).update(leader=leader)

        volunteers, members = [], defaultdict(list)
        # The demo secretary's branch members serve in the demo leader's team, so both
        # portals show the same activities.
        branch_members = list(
            Membership.objects.filter(branch__secretary__username="secretary1", left_on=None)
            .filter(cadre__status=Cadre.Status.ACTIVE)
            .order_by("pk")
            .values_list("cadre_id", flat=True)[:8]
        )
        for cadre_id in branch_members:
            volunteers.append(
                Volunteer(
                    cadre_id=cadre_id, registered_on=today - timedelta(days=500), skills="宣讲"
                )
            )
        squads_by_district = defaultdict(list)
        for team in teams:
            if team.level in ("brigade", "squad", "studio"):
                district_path = "/".join(team.unit.path.split("/")[:3]) + "/"
                squads_by_district[district_path].append(team)
        for district in districts:
            cadre_ids = list(
                Cadre.objects.alive()
                .filter(unit__path__startswith=district.path, volunteer__isnull=True)
                .exclude(pk__in=branch_members)
                .order_by("pk")
                .values_list("pk", flat=True)[:60]
            )
            for cadre_id in cadre_ids:
                volunteers.append(
                    Volunteer(
                        cadre_id=cadre_id,
                        registered_on=today - timedelta(days=rng.randint(400, 2000)),
                        skills=rng.choice(["", "书法", "摄影", "法律", "医疗", "宣讲", "园艺"]),
                    )
                )
        Volunteer.objects.bulk_create(volunteers)
        cadre_units = dict(
            Cadre.objects.filter(volunteer__in=volunteers).values_list("pk", "unit__path")
        )
        vteam = Volunteer.teams.through
        memberships = []
        for volunteer in volunteers:
            if volunteer.cadre_id in branch_members:
                memberships.append(
                    vteam(volunteer_id=volunteer.pk, volunteerteam_id=leader_team.pk)
                )
                members[leader_team.pk].append(volunteer.pk)
                continue
            path = cadre_units[volunteer.cadre_id]
            district_path = "/".join(path.split("/")[:3]) + "/"
            options = squads_by_district.get(district_path) or []
            if not options:
                continue
            team = rng.choice(options)
            memberships.append(vteam(volunteer_id=volunteer.pk, volunteerteam_id=team.pk))
            members[team.pk].append(volunteer.pk)
        vteam.objects.bulk_create(memberships)

        n_activities, n_records = build_activities(
            rng=rng,
            teams=teams,
            members=members,
            fields=fields,
            start=today - timedelta(days=365),
            end=today,
            per_month=3,
            pending_after=today - timedelta(days=10),
        )
        credits = _credit_ledger(today)

        project = KeyProject.objects.create(
            title="银辉沐企",
            partner="市工商业联合会",
            unit=city,
            status=KeyProject.Status.ACTIVE,
            field=ServiceField.objects.filter(name="服务企业").first(),
            started_on=date(today.year, 1, 1),
            description="组织经济、法律、管理领域的老干部为中小企业提供咨询服务。",
        )
        project.teams.set([t for t in teams if t.level == "brigade"][:4])
        ProjectMilestone.objects.bulk_create(
            [
                ProjectMilestone(
                    project=project,
                    title="签订合作协议",
                    due_on=date(today.year, 2, 1),
                    done_on=date(today.year, 1, 28),
                ),
                ProjectMilestone(
                    project=project, title="首批企业走访", due_on=date(today.year, 4, 30)
                ),
                ProjectMilestone(
                    project=project, title="年度总结表彰", due_on=date(today.year, 12, 20)
                ),
            ]
        )
    log(
        f"  volunteers: {len(teams)} teams, {len(volunteers)} volunteers, {n_activities} "
        f"activities, {n_records} service records, {credits} time-bank credits"
    )
