from apps.accounts.access import UNIT_STAFF

NAV_ITEMS = [
    {"label": "补贴发放", "url": "subsidies:batch_list", "roles": UNIT_STAFF, "order": 34},
    {"label": "补贴资格", "url": "subsidies:entitlement_list", "roles": UNIT_STAFF, "order": 35},
]
