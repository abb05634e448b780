"""Factories for the foundation (accounts, cadres). Each app keeps its own in tests/<app>/."""

import random
from datetime import date

import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import OrgUnit, Role, User
from apps.accounts.roles import user_set_role
from apps.cadres.idcard import check_char
from apps.cadres.models import Cadre

AREA_CODES = ["320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115"]


def make_id_number(birth: date, gender: str, seq: int | None = None) -> str:
    """A valid GB 11643 number for `birth` and `gender` ("M" odd, "F" even sequence)."""
    seq = random.randint(0, 499) if seq is None else seq
    order = seq * 2 + (1 if gender == "M" else 0)
    first17 = f"{random.choice(AREA_CODES)}{birth:%Y%m%d}{order % 1000:03d}"
    return first17 + check_char(first17)


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnit.Kind.DISTRICT
    parent = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("portal-test-pass-1")
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.BUREAU_STAFF

    @factory.post_generation
    def apply_role(obj, create, extracted, **kwargs):
        if create:
            user_set_role(user=obj, role=obj.role)


class CadreFactory(DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Iterator(["张建国", "李秀英", "王德华", "刘桂兰", "陈志强", "杨淑珍", "赵永福"])
    gender = factory.Iterator(["M", "F"])
    birth_date = factory.Sequence(lambda n: date(1940 + n % 25, 1 + n % 12, 1 + n % 28))
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.birth_date, o.gender, seq=n % 500)
    )
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    address = "人民路 1 号"
    unit = factory.SubFactory(OrgUnitFactory)
    original_employer = "市财政局"
    original_post = "处长"
    retirement_kind = Cadre.RetirementKind.TUIXIU
    retirement_date = factory.LazyAttribute(lambda o: date(o.birth_date.year + 60, 1, 1))
    rank = Cadre.Rank.COUNTY
    political_status = Cadre.Political.MASSES
