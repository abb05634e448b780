import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from django_redis import get_redis_connection

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    state = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        state["postgresql"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down", and is logged
        logger.warning("healthz: PostgreSQL down: %s", exc)
        state["postgresql"] = "down"
    try:
        get_redis_connection("default").ping()
        state["redis"] = "ok"
    except Exception as exc:  # noqa: BLE001
        logger.warning("healthz: Redis down: %s", exc)
        state["redis"] = "down"
    down = [name for name, value in state.items() if value != "ok"]
    state["status"] = "ok" if not down else "down: " + ", ".join(down)
    return JsonResponse(state, status=503 if down else 200)


@login_required
def home(request):
    return render(request, "core/home.html")


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # At request time: the hashed name exists only once collectstatic has run.
        return static("img/favicon.svg")
