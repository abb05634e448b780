NAV_ITEMS = [
    {
        "label": "荣誉退休",
        "url": "onboarding:list",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 48,
    },
]
