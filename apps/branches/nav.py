NAV_ITEMS = [
    {"label": "我的支部", "url": "branches:portal", "roles": {"secretary"}, "order": 20},
    {
        "label": "整改任务",
        "url": "branches:rectification_list",
        "roles": {"secretary"},
        "order": 21,
    },
    {
        "label": "党建报表",
        "url": "branches:reports",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 40,
    },
]
