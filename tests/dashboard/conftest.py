import importlib

import pytest
from django.apps import apps as django_apps

from apps.publicity.models import MediaLevel

from .factories import district_scene


@pytest.fixture(autouse=True)
def _media_levels(db):
    # Seeded by a data migration; a transactional test elsewhere may have flushed them.
    if not MediaLevel.objects.exists():
        module = importlib.import_module("apps.publicity.migrations.0002_seed_media_levels")
        module.seed(django_apps, None)


@pytest.fixture
def scene_a(district_a):
    return district_scene(district_a, lixiu=1, tuixiu=2, hours="2.5", visits_done=2)


@pytest.fixture
def scene_b(district_b):
    return district_scene(district_b, lixiu=2, tuixiu=3, hours="7.0", visits_done=1)
