# The header badge (templates/core/_inbox_badge.html) links the inbox; staff get the report.
NAV_ITEMS: list = [
    {
        "label": "提醒投递报告",
        "url": "notifications:report",
        "roles": {"bureau_staff", "district_staff"},
        "order": 95,
    },
]
