"""Visit generation from the rules (VisitRule rows, read afresh on every run).

Each rule becomes one INSERT … SELECT … ON CONFLICT DO NOTHING per occasion date: set-based,
never a query per cadre, and safe to run twice or in two workers at once because the identity
of a visit is the (cadre, occasion_key) unique constraint, not the run.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import CharField, DateField, F, Q, QuerySet, Value
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.db.models.functions import Cast, Concat

from apps.accounts.models import Role
from apps.accounts.roles import assignee_map
from apps.cadres.models import Cadre, Hospitalization, LifeEvent, years_ago
from apps.core.dates import period_bounds
from apps.notifications.services import reminders_close_many
from apps.visits.models.rules import Relocation, Subject

from ..models import AgeReckoning, Occasion, Visit, VisitRule
from .calendar import festival_date

logger = logging.getLogger(__name__)

_COLUMNS = ("v_cadre", "v_unit", "v_key", "v_due", "v_title")
SURVIVOR_PREFIX = "survivor:"


def catchup_days() -> int:
    """How far back a run still creates what came due while the jobs did not run (an outage)."""
    return settings.VISIT_CATCHUP_DAYS


def covered_cadres(
    rule: VisitRule, *, age_on: date, deceased: bool = False, only: list[int] | None = None
) -> QuerySet:
    """The cadres a rule covers. Age is counted in 周岁 on `age_on` (the occasion's date).
    `only`: among these cadres (a narrowed run: the cadres changed since the last one)."""
    status = Cadre.Status.DECEASED if deceased else Cadre.Status.ACTIVE
    qs = Cadre.objects.filter(status=status)
    if only is not None:
        qs = qs.filter(pk__in=only)
    if rule.retirement_kind:
        qs = qs.filter(retirement_kind=rule.retirement_kind)
    if rule.party_members_only:
        qs = qs.filter(political_status=Cadre.Political.CPC)
    if rule.relocation == Relocation.ONLY:
        qs = qs.filter(relocated=True)
    elif rule.relocation == Relocation.EXCLUDE:
        qs = qs.filter(relocated=False)
    risk = []
    if rule.min_age is not None:
        risk.append(Q(birth_date__lte=years_ago(age_on, rule.min_age)))
    if rule.living_situations:
        risk.append(Q(living_situation__in=rule.living_situations))
    if rule.health_levels:
        risk.append(Q(health__in=rule.health_levels))
    if risk:
        combined = risk[0]
        for q in risk[1:]:
            combined = (combined | q) if rule.risk_any else (combined & q)
        qs = qs.filter(combined)
    return qs.order_by()


def _rows(qs: QuerySet, *, cadre, unit, key, due, title) -> QuerySet:
    # One annotate per column keeps the SELECT order equal to _COLUMNS.
    return (
        qs.annotate(v_cadre=cadre)
        .annotate(v_unit=unit)
        .annotate(v_key=key)
        .annotate(v_due=due)
        .annotate(v_title=title)
        .values_list(*_COLUMNS)
    )


def insert_visits(
    rows: QuerySet,
    *,
    occasion: str,
    assignees: dict[int, int],
    rule_id: int | None = None,
    campaign_id: int | None = None,
) -> int:
    """INSERT … SELECT the rows (cadre, unit, key, due, title) as planned visits; returns how
    many were new. Existing (cadre, occasion_key) pairs are left alone."""
    sql, params = rows.query.sql_with_params()
    units = list(assignees)
    users = [assignees[u] for u in units]
    table = Visit._meta.db_table
    statement = f"""
        INSERT INTO {table} (cadre_id, occasion, occasion_key, title, rule_id, campaign_id,
                             due_date, assignee_id, status, form, visitors, notes, money, gifts,
                             cancelled_reason, created_at)
        SELECT s.cadre_id, %s, s.occasion_key, s.title, %s, %s, s.due_date, a.user_id, %s,
               '', '', '', 0, '', '', now()
        FROM ({sql}) AS s (cadre_id, unit_id, occasion_key, due_date, title)
        LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS a (unit_id, user_id)
               ON a.unit_id = s.unit_id
        ON CONFLICT (cadre_id, occasion_key) DO NOTHING
    """  # noqa: S608 - table name from the model, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [occasion, rule_id, campaign_id, Visit.Status.PLANNED, *params, units, users],
        )
        return max(cursor.rowcount, 0)


def _plus_days(field: str, days: int):
    return ExpressionWrapper(F(field) + Value(days), output_field=DateField())


def _window(rule: VisitRule, on: date) -> tuple[date, date]:
    return on - timedelta(days=catchup_days()), on + timedelta(days=rule.notice_days)


def _festival(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low, high = _window(rule, on)
    created = 0
    for year in sorted({low.year, high.year}):
        day = festival_date(
            calendar_kind=rule.festival_calendar,
            month=rule.festival_month,
            day=rule.festival_day,
            year=year,
        )
        if day is None or not low <= day <= high:
            continue
        if rule.subject == Subject.SURVIVOR:
            # 遗属: the family of a cadre who died before the festival.
            qs = covered_cadres(rule, age_on=day, deceased=True, only=only).filter(
                deceased_on__lt=day
            )
            key, title = f"{SURVIVOR_PREFIX}{year}:{rule.code}", f"{rule.name}（{year}）"
        else:
            qs = covered_cadres(rule, age_on=day, only=only)
            key, title = f"festival:{year}:{rule.code}", f"{rule.name}（{year}）"
        rows = _rows(
            qs,
            cadre=F("pk"),
            unit=F("unit_id"),
            key=Value(key, CharField()),
            due=Value(day, DateField()),
            title=Value(title, CharField()),
        )
        created += insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)
    return created


def _birthday(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low, high = _window(rule, on)
    xusui = rule.age_reckoning == AgeReckoning.XUSUI
    created = 0
    for age in rule.ages:
        # 虚岁 counts the birth year as 1, so 90虚岁 is the birthday of 89周岁.
        offset = age - 1 if xusui else age
        # PostgreSQL's date + interval keeps 29 February on 28 February in a common year.
        birthday = RawSQL(  # noqa: S611 - table name from the model, values as parameters
            f'("{Cadre._meta.db_table}"."birth_date" + make_interval(years => %s))::date',
            (offset,),
            output_field=DateField(),
        )
        for year in range(low.year, high.year + 1):
            start, end = max(low, date(year, 1, 1)), min(high, date(year, 12, 31))
            qs = (
                covered_cadres(rule, age_on=end, only=only)
                .filter(birth_date__year=year - offset)
                .annotate(birthday=birthday)
                .filter(birthday__range=(start, end))
            )
            label = f"虚{age}" if xusui else f"{age}"
            title = f"{age}岁生日祝寿（{'虚岁' if xusui else '周岁'}）"
            rows = _rows(
                qs,
                cadre=F("pk"),
                unit=F("unit_id"),
                key=Value(f"birthday:{year}:{label}", CharField()),
                due=F("birthday"),
                title=Value(title, CharField()),
            )
            created += insert_visits(
                rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk
            )
    return created


def _hospital(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low = on - timedelta(days=catchup_days())
    qs = Hospitalization.objects.filter(
        cadre__in=covered_cadres(rule, age_on=on, only=only), admitted_on__range=(low, on)
    ).order_by()
    rows = _rows(
        qs,
        cadre=F("cadre_id"),
        unit=F("cadre__unit_id"),
        key=Concat(Value("hospital:"), Cast("pk", CharField()), output_field=CharField()),
        due=_plus_days("admitted_on", rule.days_after),
        title=Concat(Value("住院探望："), F("hospital"), output_field=CharField()),
    )
    return insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)


def _hospital_followup(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low = on - timedelta(days=catchup_days())
    alive = covered_cadres(rule, age_on=on, only=only)
    discharged = Hospitalization.objects.filter(
        cadre__in=alive, discharged_on__range=(low, on)
    ).order_by()
    rows = _rows(
        discharged,
        cadre=F("cadre_id"),
        unit=F("cadre__unit_id"),
        key=Concat(Value("hospital_followup:"), Cast("pk", CharField()), output_field=CharField()),
        due=_plus_days("discharged_on", rule.days_after),
        title=Concat(Value("出院回访："), F("hospital"), output_field=CharField()),
    )
    created = insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)
    if rule.repeat_days:
        # A long stay is visited again every `repeat_days` days: the k-th milestone of the stay.
        every = rule.repeat_days
        table = Hospitalization._meta.db_table
        milestone = RawSQL(  # noqa: S611 - table name from the model
            f'(%s::date - "{table}"."admitted_on") / %s', (on, every)
        )
        staying = (
            Hospitalization.objects.filter(cadre__in=alive, admitted_on__lte=on - timedelta(every))
            .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=on))
            .order_by()
        )
        rows = _rows(
            staying,
            cadre=F("cadre_id"),
            unit=F("cadre__unit_id"),
            key=Concat(
                Value("hospital_stay:"),
                Cast("pk", CharField()),
                Value(":"),
                Cast(milestone, CharField()),
                output_field=CharField(),
            ),
            due=RawSQL(  # noqa: S611 - table name from the model, values as parameters
                f'"{table}"."admitted_on" + ((%s::date - "{table}"."admitted_on") / %s) * %s + %s',
                (on, every, every, rule.days_after),
                output_field=DateField(),
            ),
            title=Concat(Value("长期住院探望："), F("hospital"), output_field=CharField()),
        )
        created += insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)
    return created


def _condolence(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low = on - timedelta(days=catchup_days())
    qs = covered_cadres(rule, age_on=on, deceased=True, only=only).filter(
        deceased_on__range=(low, on)
    )
    rows = _rows(
        qs,
        cadre=F("pk"),
        unit=F("unit_id"),
        key=Value("condolence", CharField()),
        due=_plus_days("deceased_on", rule.days_after),
        title=Value(rule.name, CharField()),
    )
    return insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)


def _life_event(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    low = on - timedelta(days=catchup_days())
    kind = {Occasion.DISPUTE: LifeEvent.Kind.DISPUTE, Occasion.DISASTER: LifeEvent.Kind.DISASTER}
    qs = LifeEvent.objects.filter(
        kind=kind[rule.occasion],
        occurred_on__range=(low, on),
        cadre__in=covered_cadres(rule, age_on=on, only=only),
    ).order_by()
    rows = _rows(
        qs,
        cadre=F("cadre_id"),
        unit=F("cadre__unit_id"),
        key=Concat(Value(f"{rule.occasion}:"), Cast("pk", CharField()), output_field=CharField()),
        due=_plus_days("occurred_on", rule.days_after),
        title=Value(rule.name, CharField()),
    )
    return insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)


def _routine(
    rule: VisitRule, *, on: date, assignees: dict[int, int], only: list[int] | None = None
) -> int:
    _start, end, label = period_bounds(rule.period, on)
    rows = _rows(
        covered_cadres(rule, age_on=on, only=only),
        cadre=F("pk"),
        unit=F("unit_id"),
        key=Value(f"routine:{rule.code}:{label}", CharField()),
        due=Value(end, DateField()),
        title=Value(f"{rule.name}（{label}）", CharField()),
    )
    return insert_visits(rows, occasion=rule.occasion, assignees=assignees, rule_id=rule.pk)


GENERATORS = {
    Occasion.FESTIVAL: _festival,
    Occasion.BIRTHDAY: _birthday,
    Occasion.HOSPITAL: _hospital,
    Occasion.HOSPITAL_FOLLOWUP: _hospital_followup,
    Occasion.CONDOLENCE: _condolence,
    Occasion.DISPUTE: _life_event,
    Occasion.DISASTER: _life_event,
    Occasion.ROUTINE: _routine,
}


def visits_close_deceased(*, on: date, only: list[int] | None = None) -> int:
    """A death ends the cadre's open visits and their reminders; only the condolence and the
    survivor-care visits (遗属) stay open."""
    qs = Visit.objects.open().filter(cadre__status=Cadre.Status.DECEASED)
    if only is not None:
        qs = qs.filter(cadre_id__in=only)
    open_ids = list(
        qs.exclude(occasion=Occasion.CONDOLENCE)
        .exclude(occasion_key__startswith=SURVIVOR_PREFIX)
        .values_list("pk", flat=True)
    )
    if not open_ids:
        return 0
    cancelled = (
        Visit.objects.filter(pk__in=open_ids)
        .open()
        .update(status=Visit.Status.CANCELLED, cancelled_reason="干部已故")
    )
    reminders_close_many(model=Visit, ids=open_ids)
    logger.info("visits cancelled for deceased cadres on %s: %s", on, cancelled)
    return cancelled


def visits_assign_unassigned(*, assignees: dict[int, int], only: list[int] | None = None) -> int:
    """Open visits created while their unit had no staff get one as soon as there is one."""
    if not assignees:
        return 0
    units = list(assignees)
    among = "AND v.cadre_id = ANY(%s::bigint[])" if only is not None else ""
    statement = f"""
        UPDATE {Visit._meta.db_table} v SET assignee_id = a.user_id
        FROM {Cadre._meta.db_table} c, unnest(%s::bigint[], %s::bigint[]) AS a (unit_id, user_id)
        WHERE v.assignee_id IS NULL AND v.status IN (%s, %s)
          AND c.id = v.cadre_id AND a.unit_id = c.unit_id {among}
    """  # noqa: S608 - table names from the models, values as parameters
    params = [units, [assignees[u] for u in units], Visit.Status.PLANNED, Visit.Status.OVERDUE]
    with connection.cursor() as cursor:
        cursor.execute(statement, params + ([only] if only is not None else []))
        return max(cursor.rowcount, 0)


def visits_generate(*, on: date, cadres: list[int] | None = None) -> int:
    """Create every visit the active rules call for on `on`; returns how many were new.
    `cadres`: for those cadres only (what a full run would create for them)."""
    visits_close_deceased(on=on, only=cadres)
    maps: dict[str, dict[int, int]] = {Role.DISTRICT_STAFF: assignee_map(Role.DISTRICT_STAFF)}
    visits_assign_unassigned(assignees=maps[Role.DISTRICT_STAFF], only=cadres)
    created = 0
    for rule in VisitRule.objects.active():
        generator = GENERATORS.get(rule.occasion)
        if generator is None:
            continue
        if rule.responsible_role not in maps:
            maps[rule.responsible_role] = assignee_map(rule.responsible_role)
        count = generator(rule, on=on, assignees=maps[rule.responsible_role], only=cadres)
        if count:
            logger.info("visits generated on %s by rule %s: %s", on, rule.code, count)
        created += count
    return created


def visits_generate_changed(*, on: date, changed: dict) -> int:
    """visits_generate's narrowed form (apps.core.jobs): the rules, the staff and the window
    unchanged since the last run for `on`, only the cadres whose row, hospitalisations, life
    events or visits changed can have a visit newly due — every input is keyed by cadre id."""
    cadres = sorted({int(key) for keys in changed.values() for key in keys})
    return visits_generate(on=on, cadres=cadres)


def visits_for_hospitalization(*, on: date) -> int:
    """The 生病住院 (and 出院回访) visits due by `on`, planned when a hospitalisation is saved:
    the nightly job's own generators for those occasions, so whichever runs first creates the
    visit and the other finds it (visit_once_per_occasion)."""
    created = 0
    rules = VisitRule.objects.active().filter(
        occasion__in=[Occasion.HOSPITAL, Occasion.HOSPITAL_FOLLOWUP]
    )
    for rule in rules:
        created += GENERATORS[rule.occasion](
            rule, on=on, assignees=assignee_map(rule.responsible_role)
        )
    return created


def visits_mark_overdue(*, on: date) -> int:
    return Visit.objects.filter(status=Visit.Status.PLANNED, due_date__lt=on).update(
        status=Visit.Status.OVERDUE
    )
