NAV_ITEMS = [
    {
        "label": "金点子",
        "url": "suggestions:list",
        "roles": {"bureau_staff", "district_staff"},
        "order": 63,
    },
    {
        "label": "金点子统计",
        "url": "suggestions:report",
        "roles": {"leadership"},
        "order": 63,
    },
]
