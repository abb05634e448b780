NAV_ITEMS = [
    {"label": "新闻网站", "url": "publicity:home", "roles": None, "order": 59},
    {
        "label": "新闻管理",
        "url": "publicity:manage",
        "roles": {"bureau_staff", "district_staff"},
        "order": 60,
    },
    {
        "label": "信息报送",
        "url": "publicity:submission_list",
        "roles": {"bureau_staff", "district_staff"},
        "order": 61,
    },
    {
        "label": "报送排名",
        "url": "publicity:ranking",
        "roles": {"bureau_staff", "district_staff", "leadership"},
        "order": 62,
    },
]
