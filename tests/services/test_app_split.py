"""The services models moved to apps.visits, apps.subsidies and apps.casework in state only;
apps.services stays installed for its migration history and holds no code."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

NEW_APPS = ("visits", "subsidies", "casework")


def test_the_migration_graph_leaves_services_without_models_and_the_moved_models_on_services_tables():
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert [name for (label, name) in state.models if label == "services"] == []
    moved = [(label, name) for (label, name) in state.models if label in NEW_APPS]
    assert len(moved) == 19
    for key in moved:
        assert state.models[key].options["db_table"].startswith("services_"), key


@pytest.mark.django_db
def test_every_moved_model_keeps_its_services_table_in_the_database():
    tables = set(connection.introspection.table_names())
    for label in NEW_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            assert model._meta.db_table.startswith("services_"), model
            assert model._meta.db_table in tables, model
    assert apps.get_app_config("services").models == {}


@pytest.mark.django_db
def test_the_moved_models_content_types_carry_the_new_labels_and_none_stay_under_services():
    ContentType.objects.clear_cache()
    visit = apps.get_model("visits", "Visit")
    assert ContentType.objects.get_for_model(visit).app_label == "visits"
    assert not ContentType.objects.filter(app_label="services").exists()


def test_the_services_app_holds_migrations_only():
    from pathlib import Path

    import apps.services

    root = Path(apps.services.__file__).parent
    modules = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if "migrations" not in p.parts and p.name != "__init__.py"
    )
    assert modules == ["apps.py"]
