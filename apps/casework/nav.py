from apps.accounts.access import UNIT_STAFF

NAV_ITEMS = [
    {"label": "服务方案", "url": "casework:plan_list", "roles": UNIT_STAFF, "order": 36},
    {"label": "急难愁盼", "url": "casework:request_list", "roles": UNIT_STAFF, "order": 37},
]
