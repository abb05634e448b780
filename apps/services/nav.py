STAFF = {"bureau_staff", "district_staff"}

NAV_ITEMS = [
    {"label": "我的走访", "url": "services:my_visits", "roles": STAFF, "order": 30},
    {"label": "走访日历", "url": "services:calendar", "roles": STAFF, "order": 31},
    {"label": "集中慰问", "url": "services:campaign_list", "roles": STAFF, "order": 32},
    {
        "label": "走访全覆盖",
        "url": "services:coverage",
        "roles": STAFF | {"leadership"},
        "order": 33,
    },
]
