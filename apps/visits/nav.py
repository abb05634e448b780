from apps.accounts.access import STAFF_AND_LEADERSHIP, UNIT_STAFF

NAV_ITEMS = [
    {"label": "我的走访", "url": "visits:my_visits", "roles": UNIT_STAFF, "order": 30},
    {"label": "走访日历", "url": "visits:calendar", "roles": UNIT_STAFF, "order": 31},
    {"label": "集中慰问", "url": "visits:campaign_list", "roles": UNIT_STAFF, "order": 32},
    {"label": "走访全覆盖", "url": "visits:coverage", "roles": STAFF_AND_LEADERSHIP, "order": 33},
]
