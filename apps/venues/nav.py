STAFF_AND_LEADERS = {"bureau_staff", "district_staff", "leadership"}

NAV_ITEMS = [
    {"label": "活动中心", "url": "venues:venue_list", "roles": STAFF_AND_LEADERS, "order": 60},
    {"label": "社团", "url": "venues:association_list", "roles": STAFF_AND_LEADERS, "order": 61},
    {"label": "场馆月报", "url": "venues:report", "roles": STAFF_AND_LEADERS, "order": 62},
]
