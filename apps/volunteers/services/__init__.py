"""Every write of the volunteers app. Split by subject; import from here."""

from .activities import (
    activity_record,
    can_record_for_team,
    can_verify,
    record_reject,
    records_confirm,
)
from .photos import photo_validate
from .timebank import timebank_credit_records, timebank_redeem
from .volunteers import volunteer_register, volunteers_deactivate_deceased

__all__ = [
    "activity_record",
    "can_record_for_team",
    "can_verify",
    "photo_validate",
    "record_reject",
    "records_confirm",
    "timebank_credit_records",
    "timebank_redeem",
    "volunteer_register",
    "volunteers_deactivate_deceased",
]
