"""The register's search and filters, shared by the list page, the export and other apps'
group pickers (campaigns): one definition of "which cadres"."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.accounts.masking import sees_sensitive
from apps.accounts.models import OrgUnit

from .models import Cadre

AGE_BANDS = {
    "lt60": ("60岁以下", None, 60),
    "60_69": ("60–69岁", 60, 70),
    "70_79": ("70–79岁", 70, 80),
    "80_89": ("80–89岁", 80, 90),
    "90_99": ("90–99岁", 90, 100),
    "100+": ("100岁及以上", 100, None),
}

LIBRARIES = {
    "leaders": ("老领导", "senior_leaders"),
    "party": ("党员", "party_members"),
    "talent": ("银色人才", "silver_talent"),
    "hardship": ("困难", "in_hardship"),
}

YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]

# Filters on fields only `sees_sensitive` users see (health, family situation, whereabouts,
# hardship): for anyone else they are not offered, and a typed-in parameter is ignored with a
# message, since a list of names filtered by a hidden field discloses that field (DESIGN.md).
# Age bands stay: age is shown to every role that sees the register, the birth date is not.
SENSITIVE_FILTERS = ("health", "living_situation", "relocated", "hardship")
SENSITIVE_LIBRARIES = ("hardship",)
ID_DIGITS = re.compile(r"\d{3,}[xX]?")
REFUSED_MESSAGE = "您的角色不能按以下条件查询，已忽略：{}。"


def libraries_for(user) -> list[tuple[str, str]]:
    """The 四库 tabs `user` may open."""
    sensitive = sees_sensitive(user)
    return [
        (key, label)
        for key, (label, _) in LIBRARIES.items()
        if sensitive or key not in SENSITIVE_LIBRARIES
    ]


def search_q(text: str, *, user) -> Q:
    """Name, pinyin initials (zjg → 张建国) or, for users who see ID numbers whole, the last
    digits of the ID number (for anyone else a masked number could be rebuilt digit by digit by
    searching for its endings, so digits match nothing)."""
    text = text.strip()
    if not text:
        return Q()
    if ID_DIGITS.fullmatch(text):
        if not sees_sensitive(user):
            return Q(pk__in=[])
        return Q(id_number__endswith=text.upper())
    if re.fullmatch(r"[A-Za-z]+", text):
        return Q(name_initials__startswith=text.lower())
    return Q(name__icontains=text)


class CadreFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label="管理单位", queryset=OrgUnit.objects.none(), method="filter_unit"
    )
    retirement_kind = django_filters.ChoiceFilter(
        label="离退休类别", choices=Cadre.RetirementKind.choices, empty_label="全部"
    )
    rank = django_filters.ChoiceFilter(label="职级", choices=Cadre.Rank.choices, empty_label="全部")
    age_band = django_filters.ChoiceFilter(
        label="年龄段",
        choices=[(k, v[0]) for k, v in AGE_BANDS.items()],
        method="filter_age",
        empty_label="全部",
    )
    health = django_filters.ChoiceFilter(
        label="健康状况", choices=Cadre.Health.choices, empty_label="全部"
    )
    living_situation = django_filters.ChoiceFilter(
        label="居住情况", choices=Cadre.Living.choices, empty_label="全部"
    )
    political_status = django_filters.ChoiceFilter(
        label="政治面貌", choices=Cadre.Political.choices, empty_label="全部"
    )
    relocated = django_filters.TypedChoiceFilter(
        label="易地安置", choices=YES_NO, coerce=lambda v: v == "1", empty_value=None
    )
    hardship = django_filters.TypedChoiceFilter(
        label="困难", choices=YES_NO, coerce=lambda v: v == "1", empty_value=None
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=Cadre.Status.choices, empty_label="全部"
    )
    library = django_filters.ChoiceFilter(
        label="四库",
        choices=[(k, v[0]) for k, v in LIBRARIES.items()],
        method="filter_library",
        widget=forms.HiddenInput,
        empty_label="全部",
    )

    class Meta:
        model = Cadre
        fields: list[str] = []

    def __init__(self, data=None, *args, user=None, **kwargs):
        self.refused: list[str] = []
        if not sees_sensitive(user):
            data = self._without_refused(data, prefix=kwargs.get("prefix"))
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["unit"].queryset = (
            OrgUnit.objects.visible_to(user) if user is not None else OrgUnit.objects.none()
        )
        if not sees_sensitive(user):
            for name in SENSITIVE_FILTERS:
                self.filters.pop(name, None)
            self.filters["library"].extra["choices"] = [
                (k, v[0]) for k, v in LIBRARIES.items() if k not in SENSITIVE_LIBRARIES
            ]

    def _without_refused(self, data, *, prefix):
        """`data` less the parameters the user may not filter by; their labels in `refused`."""
        if data is None:
            return None

        def key(name):
            return f"{prefix}-{name}" if prefix else name

        data = data.copy()
        for name in SENSITIVE_FILTERS:
            if data.get(key(name)) not in (None, ""):
                self.refused.append(str(self.base_filters[name].label))
            data.pop(key(name), None)
        if data.get(key("library")) in SENSITIVE_LIBRARIES:
            self.refused.append(f"四库·{LIBRARIES[data[key('library')]][0]}")
            data.pop(key("library"))
        if ID_DIGITS.fullmatch(str(data.get(key("q")) or "").strip()):
            self.refused.append("身份证号后几位")
            data.pop(key("q"))
        return data

    @property
    def refused_message(self) -> str:
        return REFUSED_MESSAGE.format("、".join(self.refused)) if self.refused else ""

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value, user=self.user))

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit__path__startswith=value.path)

    def filter_age(self, queryset, name, value):
        _, low, high = AGE_BANDS[value]
        return queryset.aged_between(low, high, on=timezone.localdate())

    def filter_library(self, queryset, name, value):
        if value in SENSITIVE_LIBRARIES and not sees_sensitive(self.user):
            return queryset.none()
        return getattr(queryset, LIBRARIES[value][1])()
