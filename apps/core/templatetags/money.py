"""One way to print money: ¥212,800.00 (yuan, thousands separated, two decimals)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """¥ and the amount with thousands separators and fen; empty for no amount, the value
    itself when it is not a number (never an error in a page)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
