"""The 荣誉退休 section of the cadre page (apps/cadres/selectors.cadre_sections): the checklist's
progress, each step's date and who did it, and a link to record the rest."""

from apps.accounts.access import STAFF_AND_LEADERSHIP, has_role

from .models import Checklist

ORDER = 35


def section(*, cadre, user) -> dict | None:
    if not has_role(user, STAFF_AND_LEADERSHIP):
        return None
    checklist = (
        Checklist.objects.visible_to(user).filter(cadre=cadre).prefetch_related("steps").first()
    )
    if checklist is None:
        return None
    steps = list(checklist.steps.all())
    return {
        "title": "荣誉退休",
        "template": "onboarding/_cadre_section.html",
        "context": {
            "checklist": checklist,
            "steps": steps,
            "done": sum(1 for s in steps if s.done_on),
        },
    }
