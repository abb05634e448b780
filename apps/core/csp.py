"""Content Security Policy with one exception: the admin.

The portal ships no inline script or style and loads everything from its own static files, so
its policy is 'self' only (cadre_portal/settings.py, CSP block). The admin theme (django-unfold)
runs Alpine.js, whose standard build compiles x-data/@click expressions with `new Function`
('unsafe-eval'), and writes inline style attributes and a few inline scripts. Those sources are
added for the admin's paths only, never for the pages secretaries and the public use.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            extra = settings.CSP_ADMIN_EXTRA
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
