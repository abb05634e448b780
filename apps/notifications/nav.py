NAV_ITEMS: list = []  # the header badge (templates/core/_inbox_badge.html) links the inbox
