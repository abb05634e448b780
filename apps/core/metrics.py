"""Registry of per-unit metrics: named figures `(unit, year) -> number` that feature apps offer
to whoever scores units (the assessment rubric of apps.steering) without being imported by it.

Each feature app may define `metrics.py` and register its figures there:

    register_metric("branches.compliance", "三会一课达标率（%）", compliance_rate)

A rubric item names a metric; `metric_value(name, unit=..., year=...)` finds it through
`apps.core.discovery.app_modules("metrics")`. Metrics are rates in percent (0–100) unless their
label says otherwise; an unknown name is None, never a 500.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .discovery import app_modules


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    func: Callable


_registry: dict[str, Metric] = {}


def register_metric(name: str, label: str, func: Callable) -> Callable:
    _registry[name] = Metric(name=name, label=label, func=func)
    return func


def metrics() -> dict[str, Metric]:
    app_modules("metrics")
    return dict(sorted(_registry.items()))


def metric_choices() -> list[tuple[str, str]]:
    return [(m.name, m.label) for m in metrics().values()]


def metric_value(name: str, *, unit, year: int):
    metric = metrics().get(name)
    if metric is None:
        return None
    return metric.func(unit, year)


def unit_scope(unit):
    """An unsaved staff user standing for `unit`'s subtree: a metric hands it to the selectors
    that take a user, so it reads exactly what that unit's own staff (and its dashboard) read."""
    return get_user_model()(role="bureau_staff", unit=unit, is_active=True)
