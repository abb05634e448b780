NAV_ITEMS = [
    {
        "label": "领导驾驶舱",
        "url": "dashboard:index",
        "roles": {"leadership", "bureau_staff", "district_staff"},
        "order": 5,
    },
]
