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

NAV_ITEMS += [
    {"label": "补贴发放", "url": "services:batch_list", "roles": STAFF, "order": 34},
    {"label": "补贴资格", "url": "services:entitlement_list", "roles": STAFF, "order": 35},
    {"label": "服务方案", "url": "services:plan_list", "roles": STAFF, "order": 36},
    {"label": "急难愁盼", "url": "services:request_list", "roles": STAFF, "order": 37},
]
