"""The public site's pages: open classes and the published draws (application numbers only)."""

from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Application, Draw, SchoolClass
from ..services import draw_key


def public_classes(request):
    term_id = request.GET.get("term", "")
    term_id = int(term_id) if term_id.isdigit() else None
    classes = list(selectors.public_classes(term_id=term_id))
    draws = dict(Draw.objects.filter(school_class__in=classes).values_list("school_class_id", "pk"))
    for c in classes:
        c.draw_pk = draws.get(c.pk)
    return render(
        request,
        "university/public_classes.html",
        {
            "classes": classes,
            "terms": selectors.public_terms(),
            "term_id": term_id,
        },
    )


def draw_rows(draw: Draw) -> list[dict]:
    """The published list: application numbers, tier and current status — no names."""
    statuses = dict(
        Application.objects.filter(pk__in=[e[0] for e in draw.order]).values_list("pk", "status")
    )
    rows = []
    for rank, (app_id, tier) in enumerate(draw.order, start=1):
        rows.append(
            {
                "rank": rank,
                "number": f"{app_id:06d}",
                "tier": tier + 1,
                "hash": draw_key(draw.seed, app_id)[:16],
                "status": Application.Status(statuses.get(app_id, "applied")).label,
            }
        )
    return rows


def public_draw(request, pk: int):
    """The seed and the ordered list. Anyone can recompute sha256(seed:number) to check it."""
    draw = get_object_or_404(
        Draw.objects.filter(school_class__in=SchoolClass.objects.public()).select_related(
            "school_class__term__unit", "school_class__course"
        ),
        pk=pk,
    )
    return render(request, "university/public_draw.html", {"draw": draw, "rows": draw_rows(draw)})
