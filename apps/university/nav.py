NAV_ITEMS = [
    # The cadre side reaches its 老年大学 pages from the header (the /me/ tiles are cadreside's).
    {"label": "老年大学", "url": "university:my", "roles": {"cadre", "family"}, "order": 90},
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
