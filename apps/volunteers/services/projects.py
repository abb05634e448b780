from datetime import date

from django.db import transaction

from ..models import ProjectMilestone


@transaction.atomic
def milestone_mark_done(*, milestone: ProjectMilestone, done_on: date) -> ProjectMilestone:
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    return milestone
