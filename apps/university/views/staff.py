"""Staff pages of the 老年大学: terms and classes with their demand, the draw, rosters and
waiting lists, 代报名 at the counter, the roll on a phone, certificates, the student list.

Lookups go through the scope rule (another district's term or class: 404); leadership read,
only unit staff act (403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF, is_unit_staff, role_required
from apps.accounts.masking import sees_sensitive
from apps.accounts.models import OrgUnit
from apps.cadres.filters import AGE_BANDS
from apps.cadres.models import Cadre
from apps.core.params import year_param
from apps.core.qr import qr_svg_uri

from .. import selectors, services
from ..forms import SeedForm, WithdrawForm
from ..models import Application, Attendance, Certificate, ClassSession, SchoolClass, Term


def _first_error(exc: ValidationError) -> str:
    return exc.messages[0] if exc.messages else "操作未成功。"


@role_required(STAFF_AND_LEADERSHIP)
def term_list(request):
    terms = (
        selectors.reachable_terms(request.user).select_related("unit").order_by("-starts_on", "pk")
    )
    page = Paginator(terms, 30).get_page(request.GET.get("page"))
    return render(request, "university/term_list.html", {"page_obj": page})


def _own_term(request, pk: int) -> Term:
    return get_object_or_404(Term.objects.visible_to(request.user).select_related("unit"), pk=pk)


@role_required(STAFF_AND_LEADERSHIP)
def term_detail(request, pk: int):
    term = get_object_or_404(selectors.reachable_terms(request.user).select_related("unit"), pk=pk)
    classes = selectors.with_counts(
        selectors.reachable_classes(request.user)
        .filter(term=term)
        .select_related("course")
        .prefetch_related("slots")
        .order_by("course__name", "name", "pk")
    )
    runs_it = Term.objects.visible_to(request.user).filter(pk=term.pk).exists()
    return render(
        request,
        "university/term_detail.html",
        {
            "term": term,
            "classes": classes,
            "rules": term.priority_rules.filter(active=True).order_by("order", "pk"),
            "can_act": runs_it and is_unit_staff(request.user),
            "seed_form": SeedForm(),
            "window_open": term.window_open(timezone.now()),
        },
    )


@require_POST
@role_required(UNIT_STAFF)
def term_allocate(request, pk: int):
    term = _own_term(request, pk)
    form = SeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "随机种子不能超过 48 个字符。")
        return redirect("university:term_detail", pk=term.pk)
    if term.is_allocated:
        messages.info(request, "本学期已经分配过名额，结果不变。")
        return redirect("university:term_detail", pk=term.pk)
    try:
        placed = services.term_allocate(term=term, by=request.user, seed=form.cleaned_data["seed"])
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
        return redirect("university:term_detail", pk=term.pk)
    messages.success(request, f"名额分配完成：录取 {placed} 人次，录取通知已发出。")
    return redirect("university:term_detail", pk=term.pk)


@require_POST
@role_required(UNIT_STAFF)
def term_sessions(request, pk: int):
    term = _own_term(request, pk)
    created = services.sessions_generate(term=term)
    messages.success(request, f"已按每周上课时间生成课次 {created} 个（已有的不重复生成）。")
    return redirect("university:term_detail", pk=term.pk)


@require_POST
@role_required(UNIT_STAFF)
def term_certificates(request, pk: int):
    term = _own_term(request, pk)
    try:
        issued = services.certificates_issue(term=term, by=request.user, on=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        messages.success(
            request, f"出勤率达到 {term.certificate_rate}% 的学员新发结业证书 {issued} 份。"
        )
    return redirect("university:term_detail", pk=term.pk)


@role_required(STAFF_AND_LEADERSHIP)
def class_detail(request, pk: int):
    school_class = get_object_or_404(
        selectors.reachable_classes(request.user).select_related("term__unit", "course"), pk=pk
    )
    rows = list(selectors.roster(school_class, request.user).select_related("certificate"))
    today = timezone.localdate()
    counts = services.attendance_counts(
        [a for a in rows if a.status == Application.Status.ENROLLED], until=today
    )
    show_age = sees_sensitive(request.user)
    for a in rows:
        a.held, a.present = counts.get(a.pk, (0, 0))
        a.age = a.cadre.age_on(today) if show_age else None
    runs_it = SchoolClass.objects.visible_to(request.user).filter(pk=school_class.pk).exists()
    sessions = ClassSession.objects.filter(school_class=school_class).order_by("on", "starts_at")
    return render(
        request,
        "university/class_detail.html",
        {
            "school_class": school_class,
            "enrolled": [a for a in rows if a.status == Application.Status.ENROLLED],
            "waiting": [a for a in rows if a.status == Application.Status.WAITING],
            "applied": [a for a in rows if a.status == Application.Status.APPLIED],
            "withdrawn": [a for a in rows if a.status == Application.Status.WITHDRAWN],
            "sessions": sessions,
            "draw": getattr(school_class, "draw", None),
            "can_act": is_unit_staff(request.user),
            "runs_it": runs_it and is_unit_staff(request.user),
            "show_age": show_age,
            "today": today,
            "window_open": school_class.term.window_open(timezone.now()),
        },
    )


@role_required(UNIT_STAFF)
def class_door(request, pk: int):
    """The QR to print for the classroom door: students scan it signed in on the cadre side."""
    school_class = get_object_or_404(
        SchoolClass.objects.visible_to(request.user).select_related("term"), pk=pk
    )
    url = request.build_absolute_uri(
        reverse("university:my_checkin", args=[school_class.door_token])
    )
    qr = qr_svg_uri(url, scale=8)
    return render(request, "university/class_door.html", {"school_class": school_class, "qr": qr})


@role_required(UNIT_STAFF)
def counter_apply(request, pk: int):
    """代报名 at the counter: find the cadre (by name, in the staff's scope), apply them."""
    school_class = get_object_or_404(
        selectors.reachable_classes(request.user).select_related("term__unit", "course"), pk=pk
    )
    query = request.GET.get("q", "").strip()[:50]
    found = []
    if query:
        found = list(
            Cadre.objects.visible_to(request.user)
            .alive()
            .filter(name__contains=query)
            .select_related("unit")
            .order_by("name", "pk")[:20]
        )
    if request.method == "POST":
        raw = request.POST.get("cadre", "")
        cadre = (
            Cadre.objects.visible_to(request.user).filter(pk=raw).first() if raw.isdigit() else None
        )
        if cadre is None:
            messages.error(request, "请先查找并选择要报名的老干部。")
            return redirect("university:counter_apply", pk=school_class.pk)
        try:
            services.application_submit(
                school_class=school_class,
                cadre=cadre,
                by=request.user,
                channel=Application.Channel.COUNTER,
            )
        except ValidationError as exc:
            messages.error(request, f"{cadre.name}：{_first_error(exc)}")
            return redirect(
                reverse("university:counter_apply", args=[school_class.pk]) + f"?q={cadre.name}"
            )
        messages.success(request, f"已为 {cadre.name} 报名“{school_class.name}”。")
        return redirect("university:class_detail", pk=school_class.pk)
    return render(
        request,
        "university/counter_apply.html",
        {"school_class": school_class, "query": query, "found": found},
    )


@require_POST
@role_required(UNIT_STAFF)
def application_withdraw(request, pk: int):
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("school_class"), pk=pk
    )
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退出原因不能超过 200 字。")
        return redirect("university:class_detail", pk=application.school_class_id)
    reason = form.cleaned_data["reason"]
    if not reason.strip():
        messages.error(request, "请填写退出原因（如：本人来电申请退课）。")
        return redirect("university:class_detail", pk=application.school_class_id)
    try:
        moved = services.application_withdraw(
            application=application, by=request.user, reason=reason
        )
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        text = f"已为 {application.cadre.name} 办理退出。"
        if moved:
            text += "候补递补：" + "、".join(a.cadre.name for a in moved) + "。"
        messages.success(request, text)
    return redirect("university:class_detail", pk=application.school_class_id)


@role_required(UNIT_STAFF)
def session_roll(request, pk: int):
    """点名 on a phone: one row per enrolled student, three big choices."""
    session = get_object_or_404(
        ClassSession.objects.visible_to(request.user).select_related("school_class__term"), pk=pk
    )
    students = list(
        Application.objects.filter(
            school_class_id=session.school_class_id, status=Application.Status.ENROLLED
        )
        .select_related("cadre")
        .prefetch_related(
            Prefetch(
                "attendance", queryset=Attendance.objects.filter(session=session), to_attr="marks"
            )
        )
        .order_by("cadre__name", "pk")
    )
    if request.method == "POST":
        marks = {}
        for a in students:
            value = request.POST.get(f"s{a.pk}", "")
            if value:
                marks[a.pk] = value
        try:
            written = services.attendance_roll(session=session, marks=marks, by=request.user)
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
        else:
            messages.success(request, f"点名已保存（{written} 人）。")
        return redirect("university:session_roll", pk=session.pk)
    for a in students:
        a.mark = a.marks[0].status if a.marks else ""
    return render(
        request,
        "university/session_roll.html",
        {"session": session, "students": students, "choices": Attendance.Status.choices},
    )


@role_required(STAFF_AND_LEADERSHIP)
def students(request):
    """学员名单: the list behind the dashboard's student counts (same filters, same numbers)."""
    today = timezone.localdate()
    year = year_param(request, default=today.year)
    band = request.GET.get("age_band", "")
    band = band if band in AGE_BANDS else ""
    unit = None
    raw_unit = request.GET.get("unit", "")
    if raw_unit:
        unit = (
            OrgUnit.objects.visible_to(request.user).filter(pk=raw_unit).first()
            if raw_unit.isdigit()
            else None
        )
        if unit is None:
            raise Http404("没有这个单位。")
    course = None
    raw_course = request.GET.get("course", "")
    courses = selectors.courses_of(request.user, year=year)
    if raw_course:
        course = courses.filter(pk=raw_course).first() if raw_course.isdigit() else None
        if course is None:
            raise Http404("没有这门课程。")
    cadres, places = selectors.students(
        request.user, year=year, today=today, age_band=band, unit=unit, course=course
    )
    cadres = cadres.select_related("unit").order_by("unit__path", "name", "pk")
    page = Paginator(cadres, 50).get_page(request.GET.get("page"))
    classes: dict[int, list[str]] = {}
    for cadre_id, name in places.filter(cadre__in=list(page.object_list)).values_list(
        "cadre_id", "school_class__name"
    ):
        classes.setdefault(cadre_id, []).append(name)
    for c in page.object_list:
        c.class_names = classes.get(c.pk, [])
    return render(
        request,
        "university/students.html",
        {
            "page_obj": page,
            "year": year,
            "band": band,
            "bands": [(k, v[0]) for k, v in AGE_BANDS.items()],
            "unit": unit,
            "course": course,
            "courses": courses,
        },
    )


@role_required(UNIT_STAFF)
def certificate(request, pk: int):
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related(
            "application__school_class__term__unit", "application__cadre"
        ),
        pk=pk,
    )
    return render(request, "university/certificate.html", {"certificate": certificate})
