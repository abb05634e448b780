"""The bureau's steering of the units below it (任务清单, 考核, 六好, 办实事/重点课题).

Every row hangs on an OrgUnit: a district sees and reports its own rows (scope_q, unit path);
the city bureau sees all. Nothing here is ever hard-deleted: reports and reviews are rows of
TaskEvent, the steps of an assessment entry keep who moved them and when.
"""

from .assessment import AssessmentEntry, AssessmentRound, ItemScore, Rubric, RubricItem
from .base import UnitScopedQuerySet
from .projects import Milestone, Project
from .tasks import Evidence, TaskAssignment, TaskEvent, TaskItem, TaskList, evidence_path

__all__ = [
    "AssessmentEntry",
    "AssessmentRound",
    "Evidence",
    "ItemScore",
    "Milestone",
    "Project",
    "Rubric",
    "RubricItem",
    "TaskAssignment",
    "TaskEvent",
    "TaskItem",
    "TaskList",
    "UnitScopedQuerySet",
    "evidence_path",
]
