"""Pages of the steering app. Lookups go through visible_to (out of scope: 404); the role gate
says who may act (403): an owner unit's staff report, the city bureau reviews, leadership read."""

from .assessment import (
    entry_detail,
    entry_step,
    round_compute,
    round_detail,
    round_export,
    round_list,
)
from .projects import milestone_done, project_detail, project_list
from .tasks import (
    assignment_detail,
    assignment_list,
    assignment_report,
    assignment_review,
    evidence,
    home,
    task_list_detail,
)

__all__ = [
    "assignment_detail",
    "assignment_list",
    "assignment_report",
    "assignment_review",
    "entry_detail",
    "entry_step",
    "evidence",
    "home",
    "milestone_done",
    "project_detail",
    "project_list",
    "round_compute",
    "round_detail",
    "round_export",
    "round_list",
    "task_list_detail",
]
