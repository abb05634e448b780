"""Login lockout (django-axes): by username, and separately a higher per-address rate limit.

AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] makes axes count failures of the username
(from any address) and of the address (for any username) apart; axes then compares the larger
count with one AXES_FAILURE_LIMIT. This handler gives the address its own, higher limit
(AXES_IP_FAILURE_LIMIT): a bureau behind one proxy is not locked out by a few typos, while one
address trying many accounts still is.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class PortalAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Reaching the address limit counts as reaching the (lower) username limit.
        address_offset = max(0, settings.AXES_IP_FAILURE_LIMIT - settings.AXES_FAILURE_LIMIT)
        counts = [0]
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            counts.append(failures - address_offset if parameter == "ip_address" else failures)
        return max(counts)
