from datetime import date

import pytest

from apps.cadres.models import Cadre
from apps.visits.models import Visit, VisitRule
from apps.visits.services import visits_generate
from apps.visits.services.calendar import festival_date
from tests.factories import CadreFactory

from .factories import HospitalizationFactory, LifeEventFactory


@pytest.mark.parametrize(
    ("month", "day", "year", "expected"),
    [
        (1, 1, 2026, date(2026, 2, 17)),
        (8, 15, 2026, date(2026, 9, 25)),
        (9, 9, 2026, date(2026, 10, 18)),
        (1, 1, 2027, date(2027, 2, 6)),
        (8, 15, 2027, date(2027, 9, 15)),
        (9, 9, 2027, date(2027, 10, 8)),
    ],
)
def test_lunar_festivals_convert_to_their_solar_dates(month, day, year, expected):
    assert festival_date(calendar_kind="lunar", month=month, day=day, year=year) == expected


def test_a_lunar_twelfth_month_festival_lands_in_the_next_solar_year():
    # 腊八 of lunar 2026 is in January 2027.
    assert festival_date(calendar_kind="lunar", month=12, day=8, year=2027) == date(2027, 1, 15)


def test_chongyang_visit_is_generated_exactly_at_the_notice_edge(only_rule, district_a, staff_a):
    only_rule("festival-chongyang")  # 80+, notice 14, 2026-10-18
    cadre = CadreFactory(unit=district_a, birth_date=date(1940, 5, 1))
    assert visits_generate(on=date(2026, 10, 3)) == 0
    assert visits_generate(on=date(2026, 10, 4)) == 1
    visit = Visit.objects.get(cadre=cadre)
    assert (visit.occasion_key, visit.due_date) == (
        "festival:2026:festival-chongyang",
        date(2026, 10, 18),
    )
    assert visit.assignee == staff_a


def test_chongyang_2027_uses_the_2027_lunar_date(only_rule, district_a):
    only_rule("festival-chongyang")
    CadreFactory(unit=district_a, birth_date=date(1940, 5, 1))
    visits_generate(on=date(2027, 10, 1))
    assert Visit.objects.get().due_date == date(2027, 10, 8)


def test_chongyang_rule_skips_cadres_under_eighty(only_rule, district_a):
    only_rule("festival-chongyang")
    CadreFactory(unit=district_a, birth_date=date(1950, 5, 1))
    assert visits_generate(on=date(2026, 10, 10)) == 0


def test_qiyi_covers_party_members_only(only_rule, district_a):
    only_rule("festival-qiyi")
    member = CadreFactory(unit=district_a, political_status=Cadre.Political.CPC)
    CadreFactory(unit=district_a, political_status=Cadre.Political.MASSES)
    visits_generate(on=date(2026, 6, 20))
    assert list(Visit.objects.values_list("cadre", flat=True)) == [member.pk]


def test_zhongqiu_covers_lixiu_cadres_only(only_rule, district_a):
    only_rule("festival-zhongqiu")
    lixiu = CadreFactory(unit=district_a, retirement_kind=Cadre.RetirementKind.LIXIU)
    CadreFactory(unit=district_a, retirement_kind=Cadre.RetirementKind.TUIXIU)
    visits_generate(on=date(2027, 9, 10))
    visit = Visit.objects.get()
    assert (visit.cadre, visit.due_date) == (lixiu, date(2027, 9, 15))


def test_birthday_rule_visits_a_round_birthday_in_zhousui(only_rule, district_a):
    only_rule("birthday")
    cadre = CadreFactory(unit=district_a, birth_date=date(1946, 11, 30))
    CadreFactory(unit=district_a, birth_date=date(1947, 11, 30))  # 79: not a round birthday
    assert visits_generate(on=date(2026, 11, 16)) == 1
    visit = Visit.objects.get()
    assert (visit.cadre, visit.occasion_key, visit.due_date) == (
        cadre,
        "birthday:2026:80",
        date(2026, 11, 30),
    )


def test_birthday_outside_the_notice_window_is_not_generated_yet(only_rule, district_a):
    only_rule("birthday")  # notice 14
    CadreFactory(unit=district_a, birth_date=date(1946, 11, 30))
    assert visits_generate(on=date(2026, 11, 15)) == 0


def test_xusui_birthday_rule_visits_in_the_year_of_the_xusui_age(only_rule, district_a):
    rule = only_rule("birthday")
    rule.ages, rule.age_reckoning = [90], "xusui"
    rule.save()
    cadre = CadreFactory(unit=district_a, birth_date=date(1937, 12, 5))  # 89周岁 = 90虚岁 in 2026
    CadreFactory(unit=district_a, birth_date=date(1936, 12, 5))  # 90周岁
    visits_generate(on=date(2026, 11, 24))
    visit = Visit.objects.get()
    assert (visit.cadre, visit.occasion_key, visit.due_date) == (
        cadre,
        "birthday:2026:虚90",
        date(2026, 12, 5),
    )


def test_a_29_february_birthday_is_kept_on_28_february_in_a_common_year(only_rule, district_a):
    only_rule("birthday")
    CadreFactory(unit=district_a, birth_date=date(1956, 2, 29))
    visits_generate(on=date(2026, 2, 20))
    visit = Visit.objects.get()
    assert (visit.occasion_key, visit.due_date) == ("birthday:2026:70", date(2026, 2, 28))


def test_a_birthday_window_across_new_year_keys_by_the_birthday_year(only_rule, district_a):
    only_rule("birthday")
    CadreFactory(unit=district_a, birth_date=date(1947, 1, 5))
    visits_generate(on=date(2026, 12, 25))
    assert Visit.objects.get().occasion_key == "birthday:2027:80"


def test_hospitalisation_creates_a_visit_due_days_after_admission(only_rule, district_a):
    only_rule("hospital")  # days_after 3
    stay = HospitalizationFactory(cadre__unit=district_a, admitted_on=date(2026, 11, 20))
    visits_generate(on=date(2026, 11, 21))
    visit = Visit.objects.get()
    assert (visit.occasion_key, visit.due_date) == (f"hospital:{stay.pk}", date(2026, 11, 23))


def test_discharge_creates_a_follow_up_within_seven_days(only_rule, district_a):
    only_rule("hospital-followup")
    stay = HospitalizationFactory(
        cadre__unit=district_a, admitted_on=date(2026, 11, 10), discharged_on=date(2026, 11, 18)
    )
    visits_generate(on=date(2026, 11, 19))
    visit = Visit.objects.get()
    assert (visit.occasion_key, visit.due_date) == (
        f"hospital_followup:{stay.pk}",
        date(2026, 11, 25),
    )


def test_a_long_stay_is_visited_every_thirty_days(only_rule, district_a):
    only_rule("hospital-followup")  # repeat 30, days_after 7
    stay = HospitalizationFactory(cadre__unit=district_a, admitted_on=date(2026, 9, 1))
    visits_generate(on=date(2026, 10, 5))
    visits_generate(on=date(2026, 11, 5))
    keys = sorted(Visit.objects.values_list("occasion_key", "due_date"))
    assert keys == [
        (f"hospital_stay:{stay.pk}:1", date(2026, 10, 8)),
        (f"hospital_stay:{stay.pk}:2", date(2026, 11, 7)),
    ]


@pytest.mark.parametrize(("code", "kind"), [("dispute", "dispute"), ("disaster", "disaster")])
def test_life_events_create_their_visit(only_rule, district_a, code, kind):
    only_rule(code)
    event = LifeEventFactory(cadre__unit=district_a, kind=kind, occurred_on=date(2026, 11, 10))
    LifeEventFactory(cadre__unit=district_a, kind="other", occurred_on=date(2026, 11, 10))
    visits_generate(on=date(2026, 11, 12))
    assert list(Visit.objects.values_list("occasion_key", flat=True)) == [f"{kind}:{event.pk}"]


def test_monthly_call_covers_every_living_cadre(only_rule, district_a):
    only_rule("routine-call")
    CadreFactory.create_batch(3, unit=district_a)
    visits_generate(on=date(2026, 11, 3))
    assert set(Visit.objects.values_list("occasion_key", "due_date")) == {
        ("routine:routine-call:2026-11", date(2026, 11, 30))
    }
    assert Visit.objects.count() == 3


def test_quarterly_home_visit_covers_eighty_plus_or_living_alone_or_disabled(only_rule, district_a):
    only_rule("routine-home")
    old = CadreFactory(unit=district_a, birth_date=date(1944, 1, 1))
    alone = CadreFactory(unit=district_a, birth_date=date(1955, 1, 1), living_situation="alone")
    disabled = CadreFactory(unit=district_a, birth_date=date(1955, 1, 1), health="disabled")
    CadreFactory(unit=district_a, birth_date=date(1955, 1, 1))
    visits_generate(on=date(2026, 11, 3))
    assert set(Visit.objects.values_list("cadre", flat=True)) == {old.pk, alone.pk, disabled.pk}
    assert Visit.objects.first().occasion_key == "routine:routine-home:2026Q4"


def test_a_deceased_cadre_gets_only_the_condolence_and_open_visits_are_cancelled(
    district_a, staff_a
):
    cadre = CadreFactory(unit=district_a, birth_date=date(1946, 11, 30))
    visits_generate(on=date(2026, 11, 16))  # birthday, monthly call, …
    assert Visit.objects.filter(cadre=cadre).count() >= 2
    Cadre.objects.filter(pk=cadre.pk).update(status="deceased", deceased_on=date(2026, 11, 17))
    visits_generate(on=date(2026, 11, 18))
    open_visits = Visit.objects.filter(cadre=cadre).open()
    assert list(open_visits.values_list("occasion_key", flat=True)) == ["condolence"]
    cancelled = Visit.objects.filter(cadre=cadre, status="cancelled")
    assert cancelled.exists()
    assert set(cancelled.values_list("cancelled_reason", flat=True)) == {"干部已故"}


def test_survivor_care_visits_the_family_of_a_deceased_cadre_at_chunjie(only_rule, district_a):
    only_rule("survivor-chunjie")
    CadreFactory(unit=district_a, status="deceased", deceased_on=date(2026, 5, 1))
    CadreFactory(unit=district_a)
    visits_generate(on=date(2027, 1, 30))
    visit = Visit.objects.get()
    assert (visit.occasion_key, visit.due_date) == (
        "survivor:2027:survivor-chunjie",
        date(2027, 2, 6),
    )


def test_generating_visits_twice_creates_none_the_second_time(district_a):
    CadreFactory.create_batch(3, unit=district_a, birth_date=date(1946, 11, 30))
    first = visits_generate(on=date(2026, 11, 24))
    assert first > 0
    assert visits_generate(on=date(2026, 11, 24)) == 0
    assert Visit.objects.count() == first


def test_a_changed_notice_period_takes_effect_on_the_next_run(only_rule, district_a):
    rule = only_rule("festival-chongyang")
    rule.notice_days = 7
    rule.save()
    CadreFactory(unit=district_a, birth_date=date(1940, 5, 1))
    assert visits_generate(on=date(2026, 10, 4)) == 0
    VisitRule.objects.filter(pk=rule.pk).update(notice_days=14)
    assert visits_generate(on=date(2026, 10, 4)) == 1


def test_a_catch_up_run_after_an_outage_creates_what_came_due_meanwhile(only_rule, district_a):
    only_rule("hospital")
    HospitalizationFactory(cadre__unit=district_a, admitted_on=date(2026, 11, 2))
    # The jobs did not run from 1 to 20 November; the next run still finds the admission.
    assert visits_generate(on=date(2026, 11, 20)) == 1


def test_a_township_cadre_is_assigned_to_the_district_staff(only_rule, district_a, staff_a):
    from tests.factories import OrgUnitFactory

    only_rule("routine-call")
    township = OrgUnitFactory(parent=district_a, kind="township")
    CadreFactory(unit=township)
    visits_generate(on=date(2026, 11, 3))
    assert Visit.objects.get().assignee == staff_a
