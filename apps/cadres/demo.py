"""Demo register: a city bureau with districts, townships and departments, demo users for every
role, and N cadres with realistic shapes (ages 55–100, 离休 only among the oldest, …).
Bulk inserts: 50,000 cadres take well under a minute."""

import random
from datetime import date, timedelta

from django.db import transaction

from apps.accounts.models import OrgUnit, Role, User
from apps.accounts.roles import sync_role_groups, user_set_role

from .idcard import check_char
from .models import Cadre, years_ago
from .pinyin import name_initials

ORDER = 10
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo credential (README)

CITY = "江州市委老干部局"
DISTRICTS = {
    "东城区": ("320102", ["东华街道", "安定门街道", "和平里街道", "东湖镇"]),
    "西城区": ("320104", ["西长街道", "月坛街道", "展览路街道"]),
    "南湖区": ("320105", ["南湖街道", "湖滨街道", "新塘镇"]),
    "北山区": ("320106", ["北山街道", "青松街道", "石桥镇"]),
    "江滨区": ("320111", ["滨江街道", "沿江街道", "渡口镇"]),
    "高新区": ("320113", ["科创街道", "软件园街道"]),
    "青山县": ("320124", ["青山镇", "白云乡", "石门乡", "柳树镇"]),
    "临河县": ("320125", ["临河镇", "双桥乡", "河口镇"]),
}
DEPARTMENTS = ["市教育局", "市财政局", "市卫生健康委", "市公安局", "市交通运输局", "市总工会"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
)
GIVEN = (
    "建国华明德志强秀英桂兰淑珍玉梅国庆永福文英凤英长春海涛振华金凤立新红军学文宝珍晓东"
    "保国卫东丽华瑞芳玉兰秀云光明庆华世杰俊峰宏伟"
)
EMPLOYERS = DEPARTMENTS + [
    "市发展改革委",
    "市人民医院",
    "市第一中学",
    "市供销社",
    "市水利局",
    "县人民政府",
]
POSTS = [
    "科员",
    "副科长",
    "科长",
    "副处长",
    "处长",
    "副局长",
    "局长",
    "主任",
    "副主任",
    "校长",
    "教师",
    "医生",
]
RELOCATED_PLACES = [
    "海南省三亚市",
    "上海市浦东新区",
    "广东省深圳市",
    "北京市朝阳区",
    "浙江省杭州市",
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _units() -> tuple[OrgUnit, list[OrgUnit]]:
    city, _ = OrgUnit.objects.get_or_create(
        name=CITY, parent=None, defaults={"kind": OrgUnit.Kind.CITY, "code": "3201"}
    )
    leaves = []
    for district_name, (code, towns) in DISTRICTS.items():
        district, _ = OrgUnit.objects.get_or_create(
            name=district_name, parent=city, defaults={"kind": OrgUnit.Kind.DISTRICT, "code": code}
        )
        leaves.append(district)
        for town in towns:
            leaves.append(
                OrgUnit.objects.get_or_create(
                    name=town, parent=district, defaults={"kind": OrgUnit.Kind.TOWNSHIP}
                )[0]
            )
    for name in DEPARTMENTS:
        leaves.append(
            OrgUnit.objects.get_or_create(
                name=name, parent=city, defaults={"kind": OrgUnit.Kind.DEPARTMENT}
            )[0]
        )
    return city, leaves


def _users(city: OrgUnit) -> None:
    sync_role_groups()
    dongcheng = OrgUnit.objects.get(name="东城区", parent=city)
    specs = [
        ("admin", "系统管理员", "", city, True),
        ("bureau", "王局办", Role.BUREAU_STAFF, city, False),
        ("district_dc", "李东城", Role.DISTRICT_STAFF, dongcheng, False),
        ("leader", "赵局长", Role.LEADERSHIP, city, False),
        ("leader_dc", "钱区长", Role.LEADERSHIP, dongcheng, False),
        ("secretary1", "孙书记", Role.SECRETARY, dongcheng, False),
        ("team_leader1", "周队长", Role.TEAM_LEADER, dongcheng, False),
    ]
    for username, full_name, role, unit, superuser in specs:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "unit": unit, "is_superuser": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user_set_role(user=user, role=role)


def _cadre(rng: random.Random, today: date, unit: OrgUnit, area: str, used: set[str]) -> Cadre:
    age = int(
        _weighted(
            rng,
            [
                (rng.randint(55, 64), 20),
                (rng.randint(65, 79), 45),
                (rng.randint(80, 89), 25),
                (rng.randint(90, 100), 10),
            ],
        )
    )
    born = years_ago(today, age) - timedelta(days=rng.randint(0, 364))
    gender = "M" if rng.random() < 0.58 else "F"
    while True:
        order = rng.randint(0, 499) * 2 + (1 if gender == "M" else 0)
        first17 = f"{area}{born:%Y%m%d}{order:03d}"
        id_number = first17 + check_char(first17)
        if id_number not in used:
            used.add(id_number)
            break
    # 离休: joined the revolution before October 1949, so only among the oldest.
    lixiu = born.year <= 1934 and rng.random() < 0.6
    retire_age = 60 if gender == "M" else 55
    retired = min(years_ago(born, -retire_age), today)
    party = rng.random() < (0.95 if lixiu else 0.68)
    political = "cpc" if party else _weighted(rng, [("democratic", 4), ("masses", 28)])
    joined = None
    if party:
        joined = min(years_ago(born, -rng.randint(18, 40)), today - timedelta(days=30))
    # Deaths in the last ~2.5 years, always after retirement (the annual return audits this).
    deceased = rng.random() < 0.02 and (today - retired).days > 30
    relocated = rng.random() < 0.025
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
    return Cadre(
        name=name,
        name_initials=name_initials(name),
        gender=gender,
        birth_date=born,
        id_number=id_number,
        phone=f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
        address=f"{unit.name}幸福路{rng.randint(1, 300)}号{rng.randint(1, 30)}栋",
        unit=unit,
        original_employer=rng.choice(EMPLOYERS),
        original_post=rng.choice(POSTS),
        retirement_kind="lixiu" if lixiu else "tuixiu",
        retirement_date=retired,
        rank=_weighted(
            rng,
            [("provincial", 1), ("bureau", 25), ("county", 150), ("section", 350), ("other", 474)],
        ),
        political_status=political,
        party_joined_on=joined,
        health=_weighted(rng, [("good", 45), ("fair", 35), ("poor", 15), ("disabled", 5)]),
        living_situation=_weighted(
            rng, [("alone", 12), ("empty_nest", 38), ("with_children", 45), ("care_home", 5)]
        ),
        relocated=relocated,
        relocated_place=rng.choice(RELOCATED_PLACES) if relocated else "",
        hardship=rng.random() < 0.03,
        interests=rng.choice(["", "书法", "摄影", "太极拳", "合唱", "园艺", "象棋", "诗词"]),
        status="deceased" if deceased else "active",
        deceased_on=(
            today - timedelta(days=rng.randint(1, min(900, (today - retired).days - 1)))
            if deceased
            else None
        ),
    )


def seed(*, rng: random.Random, today: date, log, cadres: int = 3000) -> None:
    with transaction.atomic():
        city, leaves = _units()
        _users(city)
    if Cadre.objects.exists():
        log("register: already seeded, nothing added")
        return
    areas = {
        u.pk: DISTRICTS.get(u.name, DISTRICTS.get(getattr(u.parent, "name", ""), ("320100",)))[0]
        for u in OrgUnit.objects.select_related("parent").filter(pk__in=[u.pk for u in leaves])
    }
    used: set[str] = set()
    batch: list[Cadre] = []
    with transaction.atomic():
        for _ in range(cadres):
            unit = rng.choice(leaves)
            batch.append(_cadre(rng, today, unit, areas[unit.pk], used))
            if len(batch) >= 5000:
                Cadre.objects.bulk_create(batch)
                batch = []
        Cadre.objects.bulk_create(batch)
    log(f"register: {len(leaves) + 1} units, {cadres} cadres")
