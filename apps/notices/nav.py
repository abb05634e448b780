NAV_ITEMS = [
    {
        "label": "老干部通知",
        "url": "notices:list",
        "roles": {"bureau_staff", "district_staff"},
        "order": 62,
    },
]
