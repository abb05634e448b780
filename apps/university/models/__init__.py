"""老年大学: terms, courses, classes with weekly times, applications (two phases: a window, then
a seeded lottery per oversubscribed class), the waiting list, sessions, attendance, certificates.

Scope: a term (and everything under it) belongs to the unit that runs the school (the city
bureau or a district); an application, its attendance and certificate belong to the cadre's unit
(the cadre, or their family proxy, reaches their own through the `cadre` path)."""

from .attendance import Attendance, Certificate, ClassSession
from .enrolment import Application, Draw
from .terms import ClassSlot, Course, PriorityRule, SchoolClass, Term, new_token

__all__ = [
    "Application",
    "Attendance",
    "Certificate",
    "ClassSession",
    "ClassSlot",
    "Course",
    "Draw",
    "PriorityRule",
    "SchoolClass",
    "Term",
    "new_token",
]
