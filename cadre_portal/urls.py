from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from apps.core import views as core_views

admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME
admin.site.index_title = "后台管理"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.core.urls")),
    path("cadres/", include("apps.cadres.urls")),
    path("branches/", include("apps.branches.urls")),
    path("volunteers/", include("apps.volunteers.urls")),
    # Visits, subsidies and casework share the /services/ prefix (paths kept from the services app).
    path("services/", include("apps.visits.urls")),
    path("services/", include("apps.subsidies.urls")),
    path("services/", include("apps.casework.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("venues/", include("apps.venues.urls")),
    path("events/", include("apps.events.urls")),
    path("university/", include("apps.university.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path("steering/", include("apps.steering.urls")),
    path("onboarding/", include("apps.onboarding.urls")),
    path("me/", include("apps.cadreside.urls")),
    path("notices/", include("apps.notices.urls")),
    path("suggestions/", include("apps.suggestions.urls")),
    # The public news site owns the root ("/", "/news/...").
    path("", include("apps.publicity.urls")),
]
