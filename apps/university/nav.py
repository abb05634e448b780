NAV_ITEMS = [
    {
        "label": "学期与班级",
        "url": "university:term_list",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 55,
    },
    {
        "label": "学员名单",
        "url": "university:students",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 56,
    },
]
