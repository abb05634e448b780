from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.accounts.models import User
from apps.cadres.idcard import parse
from apps.cadres.models import Cadre
from apps.cadres.validation import cadre_clean
from apps.core import jobs

pytestmark = pytest.mark.django_db


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "cadres",
            "branches",
            "volunteers",
            "services",
            "publicity",
            "notifications",
        }
    }


def test_seed_demo_twice_adds_no_rows(capsys):
    call_command("seed_demo", cadres=40)
    first = _row_counts()
    call_command("seed_demo", cadres=40)
    assert _row_counts() == first
    assert first["cadres.Cadre"] == 40


def test_seed_demo_makes_valid_cadres_and_a_user_for_every_role():
    call_command("seed_demo", cadres=60)
    for cadre in Cadre.objects.all():
        info = parse(cadre.id_number)
        assert (info.birth_date, info.gender) == (cadre.birth_date, cadre.gender)
        cadre_clean(cadre)  # every demo row passes the register's own rules
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == {
        "bureau_staff",
        "district_staff",
        "secretary",
        "leadership",
        "team_leader",
        "cadre",
        "family",
    }


def test_run_daily_jobs_runs_the_registered_jobs_for_the_given_date(capsys):
    seen = []
    jobs.register_job("test_probe", lambda *, on: seen.append(on) or 1, order=999)
    try:
        call_command("run_daily_jobs", "--date", "2026-02-28", "--only", "test_probe")
    finally:
        jobs._registry.pop("test_probe")
    assert seen == [date(2026, 2, 28)]
    assert "test_probe: 1" in capsys.readouterr().out
