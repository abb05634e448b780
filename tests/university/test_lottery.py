"""The draw: reproducible from its seed, priority tiers as data, one popular class per person,
overlapping times passed over, idempotent allocation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.cadres.models import Cadre
from apps.university import services
from apps.university.models import Application, Draw, PriorityRule, Term
from tests.factories import CadreFactory

from .factories import ClassFactory, TermFactory, apply, close_window, rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(district_a):
    return TermFactory(unit=district_a)


def applicants(school_class, n, **cadre):
    cadre.setdefault("unit", school_class.term.unit)
    return [apply(school_class, CadreFactory(**cadre)) for _ in range(n)]


def outcome(school_class):
    return list(
        Application.objects.filter(school_class=school_class)
        .order_by("draw_rank")
        .values_list("pk", "status", "tier", "draw_rank")
    )


def test_same_seed_gives_the_same_draw_and_another_seed_another(term):
    school_class = ClassFactory(term=term, quota=3)
    applicants(school_class, 12)
    close_window(term)
    results = {}
    for seed in ("2027-001", "2027-001", "other-seed"):
        with transaction.atomic():
            services.term_allocate(term=term, seed=seed)
            results.setdefault(seed, []).append(outcome(school_class))
            transaction.set_rollback(True)
    first, again = results["2027-001"]
    assert first == again
    assert [r[0] for r in results["other-seed"][0]] != [r[0] for r in first]
    assert sum(1 for r in first if r[1] == "enrolled") == 3
    assert sum(1 for r in first if r[1] == "waiting") == 9


def test_the_published_draw_can_be_recomputed_from_its_seed(term):
    school_class = ClassFactory(term=term, quota=2)
    apps_ = applicants(school_class, 5)
    close_window(term)
    services.term_allocate(term=term, seed="abc")
    draw = Draw.objects.get(school_class=school_class)
    assert draw.seed == f"abc-{school_class.pk}"
    assert services.draw_verify(draw)
    by_hash = sorted(a.pk for a in apps_)
    by_hash.sort(key=lambda pk: services.draw_key(draw.seed, pk))
    assert [e[0] for e in draw.order] == by_hash  # no rules: one tier, the hash decides
    draw.order = list(reversed(draw.order))
    assert not services.draw_verify(draw)


def test_time_of_application_counts_for_nothing(term):
    """The first to apply is not favoured: the order is the hash's, whatever came first."""
    school_class = ClassFactory(term=term, quota=1)
    apps_ = applicants(school_class, 8)
    close_window(term)
    services.term_allocate(term=term, seed="s")
    key = {a.pk: services.draw_key(f"s-{school_class.pk}", a.pk) for a in apps_}
    winner = Application.objects.get(school_class=school_class, status="enrolled")
    assert winner.pk == min(key, key=key.get)


def test_lixiu_first_then_not_enrolled_last_term(term, district_a):
    school_class = ClassFactory(term=term, quota=2)
    lixiu = applicants(school_class, 2, retirement_kind=Cadre.RetirementKind.LIXIU)
    returning = CadreFactory(unit=district_a)
    newcomers = applicants(school_class, 3)
    # last term: `returning` held a place
    last = TermFactory(
        unit=district_a,
        starts_on=date(2020, 3, 1),
        ends_on=date(2020, 6, 30),
        allocate_on=date(2020, 2, 20),
        status=Term.Status.CLOSED,
    )
    old_class = ClassFactory(term=last)
    Application.objects.create(
        school_class=old_class,
        cadre=returning,
        channel="self",
        status="enrolled",
        enrolled_at="2020-02-20T10:00+08:00",
    )
    returned = apply(school_class, returning)
    rules(term, PriorityRule.Kind.LIXIU_FIRST, PriorityRule.Kind.NEW_FIRST)
    close_window(term)
    services.term_allocate(term=term, seed="x")
    rows = {pk: (status, tier) for pk, status, tier, _ in outcome(school_class)}
    assert {rows[a.pk] for a in lixiu} == {("enrolled", 0)}
    assert {rows[a.pk][1] for a in newcomers} == {2}  # not 离休, new: second bit only
    assert rows[returned.pk] == ("waiting", 3)  # neither: last
    order = [pk for pk, *_ in outcome(school_class)]
    assert order.index(returned.pk) == len(order) - 1


def test_one_popular_class_per_person(term):
    """Two oversubscribed classes; whoever won in the more popular one goes behind in the other."""
    hot = ClassFactory(term=term, quota=1, slots=[(1, "09:00", "11:00")])
    warm = ClassFactory(term=term, quota=1, slots=[(2, "09:00", "11:00")])
    both = [CadreFactory(unit=term.unit) for _ in range(2)]
    for cadre in both:
        apply(hot, cadre)
        apply(warm, cadre)
    apply(hot, CadreFactory(unit=term.unit))  # hot: 3 for 1; warm: 2 for 1
    rules(term, PriorityRule.Kind.ONE_POPULAR)
    close_window(term)
    services.term_allocate(term=term, seed="p")
    hot_winner = Application.objects.get(school_class=hot, status="enrolled").cadre_id
    warm_winner = Application.objects.get(school_class=warm, status="enrolled").cadre_id
    if hot_winner in {c.pk for c in both}:
        assert warm_winner != hot_winner
        assert Application.objects.get(school_class=warm, cadre_id=hot_winner).tier == 1


def test_allocation_runs_once(term):
    school_class = ClassFactory(term=term, quota=1)
    applicants(school_class, 3)
    close_window(term)
    assert services.term_allocate(term=term, seed="a") == 1
    before = outcome(school_class)
    assert services.term_allocate(term=term, seed="b") == 0
    assert outcome(school_class) == before
    assert Draw.objects.filter(school_class=school_class).count() == 1


def test_no_draw_before_the_window_closes(term):
    school_class = ClassFactory(term=term, quota=1)
    applicants(school_class, 2)
    with pytest.raises(ValidationError, match="报名尚未截止"):
        services.term_allocate(term=term)
    assert Application.objects.filter(status="applied").count() == 2


def test_a_class_with_room_for_all_enrols_everyone_without_a_draw(term):
    school_class = ClassFactory(term=term, quota=5)
    applicants(school_class, 3)
    close_window(term)
    services.term_allocate(term=term)
    assert Application.objects.filter(status="enrolled").count() == 3
    assert not Draw.objects.exists()


def test_a_winner_whose_other_place_overlaps_is_passed_over(term, district_a):
    """A place held in another school's term at the same hour: the draw passes over them."""
    cadre = CadreFactory(unit=district_a)
    other_term = TermFactory(unit=district_a, status=Term.Status.ALLOCATED)
    held = ClassFactory(term=other_term, slots=[(1, "10:00", "12:00")])
    Application.objects.create(school_class=held, cadre=cadre, channel="self", status="enrolled")
    school_class = ClassFactory(term=term, quota=5, slots=[(1, "09:00", "11:00")])
    Application.objects.create(school_class=school_class, cadre=cadre, channel="self")
    close_window(term)
    services.term_allocate(term=term)
    assert Application.objects.get(school_class=school_class, cadre=cadre).status == "waiting"
