NAV_ITEMS = [
    {
        "label": "志愿服务",
        "url": "volunteers:home",
        "roles": {"team_leader", "secretary", "bureau_staff", "district_staff", "leadership"},
        "order": 40,
    },
    {
        "label": "志愿服务统计",
        "url": "volunteers:report",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 41,
    },
]
