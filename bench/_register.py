"""Shared by the visits and subsidies benches: a scratch database and a bulk-seeded register
(8 districts × 4 townships, one staff user per district, `n` cadres with valid ID numbers)."""

import os
import random
from datetime import date, timedelta
from urllib.parse import urlparse, urlunparse

NAMES = ["张建国", "李秀英", "王德华", "刘桂兰", "陈志强", "杨淑珍", "赵永福", "黄玉梅"]


def bench_database_url(default: str, suffix: str) -> tuple[str, str]:
    parsed = urlparse(os.environ.get("DATABASE_URL", default))
    name = parsed.path.lstrip("/") + suffix
    return urlunparse(parsed._replace(path="/" + name)), name


def recreate_database(url: str, name: str) -> None:
    import psycopg

    admin = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def fresh_django(default: str, suffix: str, *, redis: str) -> str:
    """Point Django at a new scratch database (`<name><suffix>`), set it up and migrate it:
    the start of every in-process bench."""
    url, name = bench_database_url(default, suffix)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", redis)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    recreate_database(url, name)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    return name


def seed_register(n: int, rng: random.Random, *, today: date) -> list:
    """Bulk-insert the units, staff users and `n` cadres; returns the units cadres hang on."""
    from apps.accounts.models import OrgUnit, Role, User
    from apps.cadres.idcard import check_char
    from apps.cadres.models import Cadre
    from apps.cadres.pinyin import name_initials

    city = OrgUnit.objects.create(name="江州市委老干部局", kind="city")
    units = []
    for d in range(8):
        district = OrgUnit.objects.create(name=f"区县{d}", kind="district", parent=city)
        User.objects.create(username=f"staff{d}", role=Role.DISTRICT_STAFF, unit=district)
        units.append(district)
        for t in range(4):
            units.append(
                OrgUnit.objects.create(name=f"街道{d}-{t}", kind="township", parent=district)
            )
    User.objects.create(username="bureau", role=Role.BUREAU_STAFF, unit=city)
    seen, rows = set(), []
    while len(rows) < n:
        birth = date(1926, 1, 1) + timedelta(days=rng.randrange(0, 40 * 365))
        gender = rng.choice("MF")
        seq = rng.randrange(0, 500)
        first17 = f"320102{birth:%Y%m%d}{(seq * 2 + (gender == 'M')) % 1000:03d}"
        if first17 in seen:
            continue
        seen.add(first17)
        name = rng.choice(NAMES)
        deceased = rng.random() < 0.01
        relocated = rng.random() < 0.03
        rows.append(
            Cadre(
                name=name,
                name_initials=name_initials(name),
                gender=gender,
                birth_date=birth,
                id_number=first17 + check_char(first17),
                unit=rng.choice(units),
                retirement_kind="lixiu" if birth.year < 1932 else "tuixiu",
                political_status="cpc" if rng.random() < 0.7 else "masses",
                living_situation=rng.choice(
                    ["alone", "empty_nest", "with_children", "with_children"]
                ),
                health=rng.choice(["good", "fair", "poor", "disabled"]),
                relocated=relocated,
                relocated_place="海南省三亚市" if relocated else "",
                status="deceased" if deceased else "active",
                deceased_on=today - timedelta(days=rng.randrange(1, 400)) if deceased else None,
            )
        )
    Cadre.objects.bulk_create(rows, batch_size=5000)
    return units
