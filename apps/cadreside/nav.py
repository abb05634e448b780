NAV_ITEMS = [
    {
        "label": "一键求助记录",
        "url": "cadreside:calls",
        "roles": {"bureau_staff", "district_staff"},
        "order": 61,
    },
]
