STAFF_AND_LEADERSHIP = {"bureau_staff", "district_staff", "leadership"}

NAV_ITEMS = [
    {"label": "年度任务清单", "url": "steering:home", "roles": STAFF_AND_LEADERSHIP, "order": 45},
    {
        "label": "考核与六好",
        "url": "steering:round_list",
        "roles": STAFF_AND_LEADERSHIP,
        "order": 46,
    },
    {
        "label": "办实事与课题",
        "url": "steering:project_list",
        "roles": STAFF_AND_LEADERSHIP,
        "order": 47,
    },
]
