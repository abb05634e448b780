"""apps.core.discovery: one loader for the apps' nav, cadre_card and demo modules."""

from apps.core.discovery import app_modules


def test_it_finds_each_portal_apps_module_of_that_name_and_skips_apps_without_one():
    names = [m.__name__ for m in app_modules("demo")]
    assert "apps.cadres.demo" in names and "apps.volunteers.demo" in names
    assert all(n.startswith("apps.") for n in names)
    assert "apps.core.demo" not in names


def test_an_app_can_be_left_out():
    names = [m.__name__ for m in app_modules("cadre_card", exclude=("cadres",))]
    assert names and "apps.cadres.cadre_card" not in names
