"""考核 / 六好 pages: rounds, ranking and export, entries and their steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.access import deny, is_city_bureau
from apps.core.xlsx import append, workbook, xlsx_response

from .. import selectors, services
from ..forms import ReviewEntryForm, SelfAssessForm
from ..models import AssessmentEntry, AssessmentRound, ItemScore, RubricItem
from .common import may_step, readers


@readers
def round_list(request):
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("rubric")
    return render(request, "steering/round_list.html", {"rounds": rounds})


def _round(request, pk) -> AssessmentRound:
    return get_object_or_404(
        AssessmentRound.objects.visible_to(request.user).select_related("rubric"), pk=pk
    )


@readers
def round_detail(request, pk):
    rnd = _round(request, pk)
    return render(
        request,
        "steering/round_detail.html",
        {
            "round": rnd,
            "entries": selectors.ranking(rnd, request.user),
            "can_compute": is_city_bureau(request.user),
        },
    )


@readers
def round_export(request, pk):
    rnd = _round(request, pk)
    items = services.leaves(rnd.rubric)
    entries = selectors.ranking(rnd, request.user)
    scores = {
        (s.entry_id, s.item_id): s.score
        for s in ItemScore.objects.visible_to(request.user).filter(entry__round=rnd)
    }
    book = workbook(write_only=True)
    sheet = book.create_sheet("排名")
    append(
        sheet, ["名次", "单位", "参评对象", "状态", "总分", *[f"{i.code} {i.title}" for i in items]]
    )
    for e in entries:
        append(
            sheet,
            [
                e.rank,
                e.unit.name,
                e.candidate,
                e.get_status_display(),
                e.total,
                *[scores.get((e.pk, i.pk)) for i in items],
            ],
        )
    return xlsx_response(book, f"{rnd.year}-{rnd.title}-排名")


@require_POST
@readers
def round_compute(request, pk):
    rnd = _round(request, pk)
    if not is_city_bureau(request.user):
        deny("只有市委老干部局可以计算考核得分")
    count = services.round_compute(round=rnd)
    messages.success(request, f"已重新计算 {count} 个参评对象的得分。")
    return redirect("steering:round_detail", pk=pk)


def _entry(request, pk) -> AssessmentEntry:
    return get_object_or_404(
        AssessmentEntry.objects.visible_to(request.user).select_related("round__rubric", "unit"),
        pk=pk,
    )


def _entry_page(request, entry, *, form=None, review_form=None, status=200):
    user = request.user
    manual = [
        i for i in services.leaves(entry.round.rubric) if i.source == RubricItem.Source.MANUAL
    ]
    scores = {s.item_id: s for s in entry.scores.select_related("item")}
    if form is None:
        form = SelfAssessForm(
            items=manual, initial_scores={k: s.self_score for k, s in scores.items()}
        )
    items = list(RubricItem.objects.filter(rubric=entry.round.rubric).order_by("code"))
    for item in items:
        item.entry_score = scores.get(item.pk)
    draft = entry.status in (AssessmentEntry.Status.DRAFT, AssessmentEntry.Status.SELF_ASSESSED)
    return render(
        request,
        "steering/entry_detail.html",
        {
            "entry": entry,
            "items": items,
            "form": form,
            "review_form": review_form or ReviewEntryForm(),
            "can_self_assess": may_step(user) and draft,
            "can_recommend": may_step(user)
            and entry.status == AssessmentEntry.Status.SELF_ASSESSED,
            "can_review": is_city_bureau(user)
            and entry.status == AssessmentEntry.Status.RECOMMENDED,
        },
        status=status,
    )


@readers
def entry_detail(request, pk):
    return _entry_page(request, _entry(request, pk))


@require_POST
@readers
def entry_step(request, pk, step):
    entry = _entry(request, pk)
    user = request.user
    if step == "review":
        if not is_city_bureau(user):
            deny("复核命名由市委老干部局进行")
    elif step in ("self_assess", "recommend"):
        if not may_step(user):
            deny("自评和推荐由参评单位所在区县进行")
    else:
        raise Http404("没有这一步")
    try:
        if step == "self_assess":
            manual = [
                i
                for i in services.leaves(entry.round.rubric)
                if i.source == RubricItem.Source.MANUAL
            ]
            form = SelfAssessForm(request.POST, items=manual)
            if not form.is_valid():
                return _entry_page(request, entry, form=form, status=400)
            services.entry_self_assess(entry=entry, by=user, scores=form.scores())
        elif step == "recommend":
            services.entry_recommend(entry=entry, by=user)
        else:
            review_form = ReviewEntryForm(request.POST)
            if not review_form.is_valid():
                return _entry_page(request, entry, review_form=review_form, status=400)
            services.entry_review(
                entry=entry,
                by=user,
                named=review_form.cleaned_data["named"],
                note=review_form.cleaned_data["note"],
            )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已保存。")
    return redirect("steering:entry_detail", pk=pk)
