import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.models import OrgUnit, Role
from apps.cadres.models import Cadre
from tests.factories import CadreFactory, OrgUnitFactory, UserFactory


@pytest.mark.django_db
def test_subtree_contains_unit_and_descendants_only(city, district_a, district_b):
    town = OrgUnitFactory(name="东城街道", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    assert set(OrgUnit.objects.subtree(district_a)) == {district_a, town}
    assert set(OrgUnit.objects.subtree(city)) == {city, district_a, district_b, town}


@pytest.mark.django_db
def test_moving_a_unit_moves_its_subtree(city, district_a, district_b):
    town = OrgUnitFactory(name="东城街道", kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    village = OrgUnitFactory(name="某社区", kind=OrgUnit.Kind.TOWNSHIP, parent=town)
    town.parent = district_b
    town.save()
    village.refresh_from_db()
    assert village.path == f"{district_b.path}{town.pk}/{village.pk}/"
    assert set(OrgUnit.objects.subtree(district_b)) == {district_b, town, village}


@pytest.mark.django_db
def test_district_staff_see_only_their_districts_cadres(staff_a, district_a, district_b):
    town = OrgUnitFactory(kind=OrgUnit.Kind.TOWNSHIP, parent=district_a)
    own = CadreFactory(unit=town)
    other = CadreFactory(unit=district_b)
    visible = set(Cadre.objects.visible_to(staff_a))
    assert own in visible
    assert other not in visible


@pytest.mark.django_db
def test_bureau_staff_see_the_whole_city(bureau_staff, district_a, district_b):
    cadres = {CadreFactory(unit=district_a), CadreFactory(unit=district_b)}
    assert set(Cadre.objects.visible_to(bureau_staff)) == cadres


@pytest.mark.django_db
def test_anonymous_and_roleless_users_see_nothing(district_a):
    CadreFactory(unit=district_a)
    nobody = UserFactory(role="", unit=None)
    assert not Cadre.objects.visible_to(AnonymousUser()).exists()
    assert not Cadre.objects.visible_to(nobody).exists()


@pytest.mark.django_db
def test_roles_get_their_groups_and_staff_flag(district_a):
    staff = UserFactory(role=Role.DISTRICT_STAFF, unit=district_a)
    leader = UserFactory(role=Role.LEADERSHIP, unit=district_a)
    assert staff.is_staff and staff.has_perm("cadres.view_sensitive")
    assert not leader.is_staff
    assert leader.has_perm("cadres.view_cadre")
    assert not leader.has_perm("cadres.view_sensitive")
    assert not leader.has_perm("cadres.change_cadre")
