from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from apps.steering.models import (
    AssessmentEntry,
    AssessmentRound,
    Milestone,
    Project,
    Rubric,
    RubricItem,
    TaskAssignment,
    TaskItem,
    TaskList,
)
from tests.factories import OrgUnitFactory


class TaskListFactory(DjangoModelFactory):
    class Meta:
        model = TaskList

    year = 2026
    title = factory.Sequence(lambda n: f"年度重点工作任务清单{n}")
    unit = factory.SubFactory(OrgUnitFactory)
    status = TaskList.Status.ISSUED
    issued_on = date(2026, 1, 10)


class TaskItemFactory(DjangoModelFactory):
    class Meta:
        model = TaskItem

    task_list = factory.SubFactory(TaskListFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"开展离退休干部党建工作任务{n}")
    deadline = date(2026, 6, 30)
    weight = Decimal("10.00")
    evidence_expected = "会议记录、照片"


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = TaskAssignment

    item = factory.SubFactory(TaskItemFactory)
    unit = factory.SubFactory(OrgUnitFactory)


class RubricFactory(DjangoModelFactory):
    class Meta:
        model = Rubric

    name = factory.Sequence(lambda n: f"考核细则{n}")
    kind = Rubric.Kind.ASSESSMENT
    unit = factory.SubFactory(OrgUnitFactory)


class RubricItemFactory(DjangoModelFactory):
    class Meta:
        model = RubricItem

    rubric = factory.SubFactory(RubricFactory)
    code = factory.Sequence(lambda n: f"{n + 1:02d}")
    title = factory.Sequence(lambda n: f"考核项目{n}")
    points = Decimal("10.00")


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    rubric = factory.SubFactory(RubricFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"2026年度考核{n}")


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentEntry

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory(OrgUnitFactory)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    unit = factory.SubFactory(OrgUnitFactory)
    year = 2026
    kind = Project.Kind.PRACTICAL
    title = factory.Sequence(lambda n: f"为老干部办实事项目{n}")
    budget = Decimal("120000.00")


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = "完成方案制定"
    due_on = date(2026, 3, 31)


def matrix_objects(unit, cadre=None) -> dict:
    """The access/content matrices' steering objects of one world: a list issued by the unit's
    parent with one open and one submitted task of `unit` (with an evidence file), a round with
    an entry at 已自评, a project with a milestone."""
    from django.core.files.base import ContentFile

    from apps.steering.models import Evidence, TaskEvent

    issuer = unit.parent or unit
    task_list = TaskListFactory(unit=issuer)
    assignment = AssignmentFactory(item=TaskItemFactory(task_list=task_list), unit=unit)
    submitted = AssignmentFactory(
        item=TaskItemFactory(task_list=task_list),
        unit=unit,
        status=TaskAssignment.Status.SUBMITTED,
        self_score=Decimal("8.00"),
    )
    event = TaskEvent.objects.create(
        assignment=submitted, kind=TaskEvent.Kind.REPORT, text="已完成", self_score=Decimal("8")
    )
    evidence = Evidence(event=event, name="纪要.pdf", content_type="application/pdf")
    evidence.file.save("e.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    round_ = RoundFactory(rubric=RubricFactory(unit=issuer), task_list=task_list)
    RubricItemFactory(rubric=round_.rubric, source=RubricItem.Source.TASK_LIST)
    entry = EntryFactory(round=round_, unit=unit, status=AssessmentEntry.Status.SELF_ASSESSED)
    project = ProjectFactory(unit=unit)
    return {
        "task_list": task_list,
        "assignment": assignment,
        "submitted": submitted,
        "evidence": evidence,
        "round": round_,
        "entry": entry,
        "sproject": project,
        "milestone": MilestoneFactory(project=project),
    }
