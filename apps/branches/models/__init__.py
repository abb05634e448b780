from .activities import (
    ActivityAttachment,
    ActivityKind,
    Attendance,
    BranchActivity,
    ComplianceRule,
)
from .core import Membership, PartyBranch
from .dues import DuesRate, DuesRecord
from .governance import PartyStudio, Rectification, SixGoodAssessment

__all__ = [
    "ActivityAttachment",
    "ActivityKind",
    "Attendance",
    "BranchActivity",
    "ComplianceRule",
    "DuesRate",
    "DuesRecord",
    "Membership",
    "PartyBranch",
    "PartyStudio",
    "Rectification",
    "SixGoodAssessment",
]
