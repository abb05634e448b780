STAFF_AND_LEADERS = {"bureau_staff", "district_staff", "leadership"}

NAV_ITEMS = [
    {"label": "活动通知", "url": "events:event_list", "roles": STAFF_AND_LEADERS, "order": 63},
    {"label": "我的活动", "url": "events:my_events", "roles": {"cadre", "family"}, "order": 64},
]
