NAV_ITEMS = [
    {
        "label": "干部名册",
        "url": "cadres:list",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 10,
    },
]
