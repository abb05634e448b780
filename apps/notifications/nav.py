NAV_ITEMS = [{"label": "我的提醒", "url": "notifications:inbox", "roles": None, "order": 90}]
