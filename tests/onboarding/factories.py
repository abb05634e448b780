from datetime import date

from apps.onboarding.models import Checklist, ChecklistStep, Step


def checklist_for(cadre, *, started_on: date = date(2026, 3, 1)) -> Checklist:
    checklist = Checklist.objects.create(
        cadre=cadre, trigger=Checklist.Trigger.RETIRED, started_on=started_on
    )
    ChecklistStep.objects.bulk_create(
        ChecklistStep(checklist=checklist, step=step) for step in Step.values
    )
    return checklist


def matrix_objects(cadre) -> dict:
    """The matrices' 荣誉退休 objects of one world: a checklist of the world's cadre."""
    checklist = checklist_for(cadre)
    return {"checklist": checklist, "checklist_step": checklist.steps.first()}
