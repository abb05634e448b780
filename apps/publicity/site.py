"""The public site's own name: what the public reads in titles, the header and feeds.

settings.PUBLIC_SITE_NAME (from the environment variable of that name) — never the internal
system name (PORTAL_NAME) that staff see.
"""

from django.conf import settings

DEFAULT_PUBLIC_SITE_NAME = "离退休干部之家"


def public_site_name() -> str:
    name = settings.PUBLIC_SITE_NAME
    return name.strip() or DEFAULT_PUBLIC_SITE_NAME
