"""Django alone, the benches' baseline: one "hello" view, no middleware, no database, none of
the portal's apps. Serve it with the same gunicorn as the portal:

    gunicorn --chdir bench _bare:application
"""

import os

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-only-bare-django-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = __name__
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello), path("healthz", hello)]

os.environ["DJANGO_SETTINGS_MODULE"] = __name__
if __name__ != "__main__":
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
