"""The cadre side of the 老年大学 (本人 or a family proxy, 大字): open classes, apply, my
applications and places, withdraw, the door's QR sign-in, my certificate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import Role
from apps.cadres.acting import cadre_side_required, cadres_for, on_behalf

from .. import selectors, services
from ..models import Application, Certificate, Draw
from .public import draw_rows


def _context(request, **extra) -> dict:
    proxies = cadres_for(request.user) if request.user.role == Role.FAMILY else []
    return {"cadre": request.acting_cadre, "proxy_cadres": proxies, "big_text": True, **extra}


def _channel(request) -> str:
    return Application.Channel.PROXY if on_behalf(request) else Application.Channel.SELF


def _first_error(exc: ValidationError) -> str:
    return exc.messages[0] if exc.messages else "操作未成功。"


@cadre_side_required
def my(request):
    cadre = request.acting_cadre
    applications = list(selectors.applications_of(cadre))
    for a in applications:
        a.position = selectors.waiting_position(a)
    return render(request, "university/me/my.html", _context(request, applications=applications))


@cadre_side_required
def my_classes(request):
    classes = selectors.open_classes_for(request.acting_cadre, at=timezone.now())
    return render(request, "university/me/classes.html", _context(request, classes=classes))


@require_POST
@cadre_side_required
def my_apply(request, pk: int):
    cadre = request.acting_cadre
    school_class = get_object_or_404(selectors.open_classes_for(cadre, at=timezone.now()), pk=pk)
    try:
        services.application_submit(
            school_class=school_class, cadre=cadre, by=request.user, channel=_channel(request)
        )
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
        return redirect("university:my_classes")
    messages.success(
        request,
        f"已报名“{school_class.name}”。报名截止后统一分配名额（名额不足时公开摇号），"
        "报名早晚不影响结果。",
    )
    return redirect("university:my")


@require_POST
@cadre_side_required
def my_withdraw(request, pk: int):
    application = get_object_or_404(
        Application.objects.filter(cadre=request.acting_cadre).active(), pk=pk
    )
    reason = "家属代为退出" if on_behalf(request) else "本人退出"
    try:
        services.application_withdraw(application=application, by=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        messages.success(request, f"已退出“{application.school_class.name}”。")
    return redirect("university:my")


@cadre_side_required
def my_checkin(request, token: str):
    """The QR on the classroom door: one big button, so a link preview never signs anyone in."""
    school_class = get_object_or_404(
        selectors.classes_serving(request.acting_cadre).select_related("term"), door_token=token
    )
    if request.method == "POST":
        try:
            _row, created = services.attendance_checkin(
                school_class=school_class,
                cadre=request.acting_cadre,
                by=request.user,
                on_behalf=on_behalf(request),
            )
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
        else:
            messages.success(
                request, "签到成功，祝您学习愉快！" if created else "今天已经签到过了。"
            )
        return redirect("university:my")
    return render(
        request, "university/me/checkin.html", _context(request, school_class=school_class)
    )


@cadre_side_required
def my_certificate(request, pk: int):
    certificate = get_object_or_404(
        Certificate.objects.filter(application__cadre=request.acting_cadre).select_related(
            "application__school_class__term__unit", "application__cadre"
        ),
        pk=pk,
    )
    return render(
        request, "university/certificate.html", {"certificate": certificate, "big_text": True}
    )


@cadre_side_required
def my_draw(request, pk: int):
    """The draw of a class the cadre applied to, their own number marked."""
    draw = get_object_or_404(
        Draw.objects.filter(school_class__applications__cadre=request.acting_cadre)
        .select_related("school_class__term__unit", "school_class__course")
        .distinct(),
        pk=pk,
    )
    mine = {
        a.number
        for a in Application.objects.filter(
            cadre=request.acting_cadre, school_class=draw.school_class
        )
    }
    return render(
        request,
        "university/me/draw.html",
        _context(request, draw=draw, rows=draw_rows(draw), mine=mine),
    )
