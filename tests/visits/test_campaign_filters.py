"""Campaign group filters are stored as the register form reads them and re-read through it;
a stored filter the form refuses stops generation with a message instead of reaching everyone."""

import logging

from django.urls import reverse

from apps.visits.models import Campaign, Visit
from tests.factories import CadreFactory

from .factories import CampaignFactory


def _create(client, district, **filters):
    data = {
        "name": "冬送温暖",
        "unit": district.pk,
        "starts_on": "2026-12-01",
        "ends_on": "2027-01-31",
    }
    data.update({f"f-{name}": value for name, value in filters.items()})
    return client.post(reverse("visits:campaign_create"), data)


def test_a_hardship_campaign_visits_only_cadres_in_hardship(client, staff_a, district_a):
    poor = CadreFactory(unit=district_a, hardship=True)
    CadreFactory.create_batch(3, unit=district_a, hardship=False)
    client.force_login(staff_a)
    _create(client, district_a, hardship="1")
    campaign = Campaign.objects.get()
    assert campaign.filters == {"hardship": "1"}
    assert list(Visit.objects.values_list("cadre", flat=True)) == [poor.pk]


def test_regenerating_a_hardship_campaign_keeps_its_condition(client, staff_a, district_a):
    poor = CadreFactory(unit=district_a, hardship=True)
    CadreFactory(unit=district_a, hardship=False)
    client.force_login(staff_a)
    _create(client, district_a, hardship="1", relocated="0")
    campaign = Campaign.objects.get()
    CadreFactory(unit=district_a, hardship=False)
    late = CadreFactory(unit=district_a, hardship=True)
    client.post(reverse("visits:campaign_generate", args=[campaign.pk]))
    assert set(Visit.objects.values_list("cadre", flat=True)) == {poor.pk, late.pk}


def test_a_unit_filter_is_stored_as_its_pk_and_read_back(client, staff_a, district_a):
    from tests.factories import OrgUnitFactory

    street = OrgUnitFactory(parent=district_a)
    inside = CadreFactory(unit=street)
    CadreFactory(unit=district_a)
    client.force_login(staff_a)
    _create(client, district_a, unit=street.pk)
    campaign = Campaign.objects.get()
    assert campaign.filters == {"unit": str(street.pk)}
    assert list(Visit.objects.values_list("cadre", flat=True)) == [inside.pk]


def test_an_invalid_stored_filter_refuses_generation_loudly(client, staff_a, district_a, caplog):
    CadreFactory.create_batch(3, unit=district_a, hardship=False)
    campaign = CampaignFactory(unit=district_a, filters={"hardship": True})
    client.force_login(staff_a)
    with caplog.at_level(logging.ERROR, logger="apps.visits.services.campaigns"):
        response = client.post(reverse("visits:campaign_generate", args=[campaign.pk]), follow=True)
    assert not Visit.objects.exists()
    assert "活动保存的对象筛选条件已失效" in response.content.decode()
    assert any("campaign filter refused" in r.getMessage() for r in caplog.records)


def test_an_unknown_stored_filter_key_refuses_generation(client, staff_a, district_a):
    CadreFactory(unit=district_a)
    campaign = CampaignFactory(unit=district_a, filters={"no_such_field": "1"})
    client.force_login(staff_a)
    response = client.post(reverse("visits:campaign_generate", args=[campaign.pk]), follow=True)
    assert not Visit.objects.exists()
    assert "活动保存的对象筛选条件已失效" in response.content.decode()


def test_a_condition_the_generating_user_may_not_filter_by_refuses_generation(leader_a, district_a):
    import pytest
    from django.core.exceptions import ValidationError

    from apps.visits import services

    CadreFactory(unit=district_a, hardship=True)
    CadreFactory(unit=district_a, hardship=False)
    campaign = CampaignFactory(unit=district_a, filters={"library": "hardship"})
    with pytest.raises(ValidationError):
        services.campaign_generate(campaign=campaign, by=leader_a)
    assert not Visit.objects.exists()


def test_the_data_migration_rewrites_legacy_cleaned_filters_as_the_form_reads_them(
    staff_a, district_a
):
    """Campaigns saved before the filters were kept in form terms stored {"hardship": true}; the form takes "1". After the
    migration such a campaign generates for the same group (not refused, not everyone)."""
    import importlib

    from django.apps import apps as django_apps

    from apps.visits import services

    migration = importlib.import_module("apps.visits.migrations.0002_campaign_filters_as_form_data")
    poor = CadreFactory(unit=district_a, hardship=True, relocated=False)
    CadreFactory(unit=district_a, hardship=False)
    legacy = CampaignFactory(
        unit=district_a, filters={"hardship": True, "relocated": False, "unit": district_a.pk}
    )
    current = CampaignFactory(unit=district_a, filters={"hardship": "1"})
    migration.forwards(django_apps, None)
    legacy.refresh_from_db()
    assert legacy.filters == {"hardship": "1", "relocated": "0", "unit": str(district_a.pk)}
    current.refresh_from_db()
    assert current.filters == {"hardship": "1"}
    assert services.campaign_generate(campaign=legacy, by=staff_a) == 1
    assert list(Visit.objects.filter(campaign=legacy).values_list("cadre", flat=True)) == [poor.pk]
    migration.forwards(django_apps, None)  # running it again changes nothing
    legacy.refresh_from_db()
    assert legacy.filters == {"hardship": "1", "relocated": "0", "unit": str(district_a.pk)}
