"""Reads of the 老年大学: the public list, what a cadre may apply to, class rosters and counts,
the student list behind the dashboard's figures."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from apps.accounts.scope import UNIT_ROLES
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre

from .models import Application, ClassSlot, Course, SchoolClass, Term

STUDENT_TERMS = (Term.Status.ALLOCATED, Term.Status.CLOSED)


def _ancestor_ids(unit) -> list[int]:
    return [int(p) for p in unit.path.strip("/").split("/") if p]


def reachable_classes(user):
    """Classes a staff user works with: those their unit runs (the scope rule) and those of the
    schools above their unit, which enrol their cadres (a district's staff register their
    cadres at the counter for the city's school, and see those students only)."""
    qs = SchoolClass.objects.all()
    visible = SchoolClass.objects.visible_to(user)
    if user.is_superuser or getattr(user, "role", "") not in UNIT_ROLES or not user.unit_id:
        return visible
    return qs.filter(Q(pk__in=visible.values("pk")) | Q(term__unit_id__in=_ancestor_ids(user.unit)))


def reachable_terms(user):
    visible = Term.objects.visible_to(user)
    if user.is_superuser or getattr(user, "role", "") not in UNIT_ROLES or not user.unit_id:
        return visible
    return Term.objects.filter(
        Q(pk__in=visible.values("pk")) | Q(unit_id__in=_ancestor_ids(user.unit))
    )


def with_counts(classes):
    """Each class with its counts by status (one grouped query through annotations)."""
    status = Application.Status
    return classes.annotate(
        n_applied=Count("applications", filter=Q(applications__status__in=Application.ACTIVE)),
        n_enrolled=Count("applications", filter=Q(applications__status=status.ENROLLED)),
        n_waiting=Count("applications", filter=Q(applications__status=status.WAITING)),
    )


def _listing(classes):
    return (
        classes.select_related("term__unit", "course")
        .prefetch_related(
            Prefetch("slots", queryset=ClassSlot.objects.order_by("weekday", "starts_at"))
        )
        .order_by("term__starts_on", "course__category", "course__name", "name", "pk")
    )


def public_classes(*, term_id: int | None = None):
    """The public site: classes of published terms (no personal data; counts only)."""
    classes = SchoolClass.objects.public()
    if term_id:
        classes = classes.filter(term_id=term_id)
    return with_counts(_listing(classes))


def public_terms():
    return Term.objects.published().exclude(status=Term.Status.CLOSED).select_related("unit")


def classes_serving(cadre: Cadre):
    """Classes of the schools of the cadre's unit or above it (where they may study)."""
    return SchoolClass.objects.filter(term__unit_id__in=_ancestor_ids(cadre.unit))


def open_classes_for(cadre: Cadre, *, at):
    """Classes the cadre may apply to now: schools of their unit or above it, window open."""
    classes = SchoolClass.objects.filter(
        status=SchoolClass.Status.OPEN,
        term__status=Term.Status.PUBLISHED,
        term__apply_opens_at__lte=at,
        term__apply_closes_at__gt=at,
        term__unit_id__in=_ancestor_ids(cadre.unit),
    )
    mine = Application.objects.active().filter(cadre=cadre, school_class=OuterRef("pk"))
    return with_counts(_listing(classes)).annotate(applied=Exists(mine))


def applications_of(cadre: Cadre):
    return (
        Application.objects.filter(cadre=cadre)
        .select_related("school_class__term", "school_class__course", "certificate")
        .prefetch_related("school_class__slots")
        .order_by("-school_class__term__starts_on", "status", "pk")
    )


def waiting_position(application: Application) -> int | None:
    if application.status != Application.Status.WAITING or application.draw_rank is None:
        return None
    ahead = Application.objects.filter(
        school_class_id=application.school_class_id,
        status=Application.Status.WAITING,
        draw_rank__lt=application.draw_rank,
    ).count()
    return ahead + 1


def roster(school_class: SchoolClass, user):
    """The class's applications the user may see (a district's staff: their cadres only)."""
    return (
        Application.objects.visible_to(user)
        .filter(school_class=school_class)
        .select_related("cadre__unit", "submitted_by")
        .order_by("status", "draw_rank", "pk")
    )


# --- the students behind the dashboard ---------------------------------------------------------
def year_terms(year: int):
    start, end = date(year, 1, 1), date(year, 12, 31)
    return Term.objects.filter(status__in=STUDENT_TERMS, starts_on__lte=end, ends_on__gte=start)


def enrolments(user, *, year: int):
    """Places held (enrolled, not withdrawn) in terms running in `year`, in the user's scope."""
    return Application.objects.visible_to(user).filter(
        status=Application.Status.ENROLLED, school_class__term__in=year_terms(year)
    )


def students(user, *, year: int, today: date, age_band: str = "", unit=None, course=None):
    """One row per student (a cadre with at least one place) — the dashboard's counts."""
    places = enrolments(user, year=year)
    if course is not None:
        places = places.filter(school_class__course=course)
    cadres = Cadre.objects.visible_to(user).filter(pk__in=places.values("cadre_id"))
    if unit is not None:
        cadres = cadres.filter(unit__path__startswith=unit.path)
    if age_band in AGE_BANDS:
        _, low, high = AGE_BANDS[age_band]
        cadres = cadres.aged_between(low, high, on=today)
    return cadres, places


def courses_of(user, *, year: int):
    ids = enrolments(user, year=year).values("school_class__course_id")
    return Course.objects.filter(pk__in=ids).order_by("name")
