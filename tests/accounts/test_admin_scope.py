"""The admin's choices of users (team leader, branch secretary, assignee …) follow the one scope
rule, who-did-it fields are written by the server, raw-id widgets print no name from another
scope, and a model without a scope rule offers nothing (fail closed)."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.admin_mixins import ScopedAdmin, _visible, unscoped_admin_models
from apps.accounts.models import User
from apps.branches.models import PartyBranch
from apps.cadres.models import Hospitalization
from apps.visits.models import Visit, VisitRule
from apps.volunteers.models import VolunteerTeam
from tests.factories import CadreFactory, UserFactory
from tests.visits.factories import VisitFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _choices(model, field_name, user) -> set:
    model_admin = admin.site._registry[model]
    formfield = model_admin.formfield_for_dbfield(model._meta.get_field(field_name), _request(user))
    return set(formfield.queryset)


def test_users_visible_to_district_staff_are_those_of_their_district(
    staff_a, staff_b, leader_a, bureau_staff
):
    assert set(User.objects.visible_to(staff_a)) == {staff_a, leader_a}
    assert set(User.objects.visible_to(bureau_staff)) == {staff_a, staff_b, leader_a, bureau_staff}


def test_secretaries_and_roleless_users_see_no_users(secretary, staff_a):
    assert not User.objects.visible_to(secretary).exists()
    assert not User.objects.visible_to(UserFactory(role="", unit=None)).exists()


def test_a_superuser_sees_every_user(staff_a, staff_b):
    root = UserFactory(role="", unit=None, is_superuser=True)
    assert {staff_a, staff_b} <= set(User.objects.visible_to(root))


def test_secretary_choices_are_the_secretaries_of_the_district(staff_a, secretary, district_b):
    UserFactory(role="secretary", unit=district_b)
    assert _choices(PartyBranch, "secretary", staff_a) == {secretary}


@pytest.mark.parametrize(("model", "field"), [(VolunteerTeam, "leader"), (Visit, "assignee")])
def test_user_choices_in_the_admin_are_the_users_of_the_district(
    staff_a, staff_b, leader_a, model, field
):
    assert _choices(model, field, staff_a) == {staff_a, leader_a}


def test_another_districts_secretary_cannot_be_made_secretary_in_the_admin(
    staff_a, district_a, district_b
):
    outsider = UserFactory(role="secretary", unit=district_b)
    branch = PartyBranch.objects.create(name="东城一支部", unit=district_a, founded_on="2001-01-01")
    model_admin = admin.site._registry[PartyBranch]
    request = _request(staff_a)
    form_class = model_admin.get_form(request, branch)
    form = form_class(
        data={
            "name": branch.name,
            "kind": branch.kind,
            "unit": district_a.pk,
            "secretary": outsider.pk,
            "founded_on": "2001-01-01",
        },
        instance=branch,
    )
    assert not form.is_valid()
    assert "secretary" in form.errors
    branch.refresh_from_db()
    assert branch.secretary_id is None


def test_a_raw_id_widget_prints_no_name_from_another_district(client, staff_a, district_a):
    outsider = UserFactory(full_name="外区的某某", role="district_staff")
    visit = VisitFactory(cadre=CadreFactory(unit=district_a), assignee=outsider)
    client.force_login(staff_a)
    response = client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    assert response.status_code == 200
    assert "外区的某某" not in response.content.decode()


def test_a_raw_id_widget_prints_the_name_of_a_colleague(client, staff_a, district_a):
    colleague = UserFactory(full_name="本区同事", role="district_staff", unit=district_a)
    visit = VisitFactory(cadre=CadreFactory(unit=district_a), assignee=colleague)
    client.force_login(staff_a)
    response = client.get(reverse("admin:visits_visit_change", args=[visit.pk]))
    assert "本区同事" in response.content.decode()


def test_recorded_by_is_the_signed_in_user_whatever_the_form_says(
    client, staff_a, staff_b, district_a
):
    cadre = CadreFactory(unit=district_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("admin:cadres_hospitalization_add"),
        {
            "cadre": cadre.pk,
            "hospital": "市第一人民医院",
            "admitted_on": "2026-11-01",
            "recorded_by": staff_b.pk,
        },
    )
    assert response.status_code == 302
    record = Hospitalization.objects.get(cadre=cadre)
    assert record.recorded_by == staff_a


def test_who_did_it_fields_are_read_only_in_scoped_admins(staff_a):
    request = _request(staff_a)
    assert "recorded_by" in admin.site._registry[Visit].get_readonly_fields(request)
    assert "recorded_by" in admin.site._registry[Hospitalization].get_readonly_fields(request)


def test_district_staff_cannot_grant_superuser_or_groups(staff_a):
    readonly = admin.site._registry[User].get_readonly_fields(_request(staff_a))
    assert {"is_superuser", "groups", "user_permissions"} <= set(readonly)


def test_a_model_without_a_scope_rule_offers_nothing_to_staff(staff_a):
    Group.objects.get_or_create(name="某组")
    assert not _visible(Group, staff_a).exists()
    root = UserFactory(role="", unit=None, is_superuser=True)
    assert _visible(Group, root).exists()


def test_reference_data_is_offered_to_every_admin_user(staff_a):
    # the six must-visit rules come from a data migration
    assert VisitRule.objects.exists()
    assert _visible(VisitRule, staff_a).count() == VisitRule.objects.count()


def test_every_model_the_admin_lists_or_offers_has_a_scope_rule():
    assert unscoped_admin_models() == []


def test_the_check_names_a_model_without_a_scope_rule():
    from axes.models import AccessAttempt

    site = AdminSite(name="scratch")
    site.register(AccessAttempt, ScopedAdmin)
    assert unscoped_admin_models(site) == ["axes.accessattempt（ScopedAdmin 的列表）"]
