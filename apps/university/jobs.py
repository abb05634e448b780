from apps.core.jobs import register_job

from .services import (
    class_starts_remind,
    places_remind,
    sessions_generate_due,
    terms_allocate_due,
    waiting_lists_fill,
)

register_job("university_allocate", terms_allocate_due, order=70)
register_job("university_sessions", sessions_generate_due, order=71)
register_job("university_waiting_fill", waiting_lists_fill, order=72)
register_job("university_places_remind", places_remind, order=73)
register_job("university_class_starts_remind", class_starts_remind, order=74)
