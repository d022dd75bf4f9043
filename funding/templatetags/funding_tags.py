from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

NBSP = "\u00a0"


def kroner(value):
    """66849 -> "66 849", 1250.5 -> "1 250,50": Norwegian grouping with a non-breaking
    space, and the øre when the amount has any."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, ore = divmod(abs(amount), 1)
    text = f"{int(whole):,}".replace(",", NBSP)
    if ore:
        text += f",{int(ore * 100):02d}"
    return f"−{text}" if amount < 0 else text


@register.filter
def kr(value):
    """66849 -> "kr 66 849"; 1250.50 -> "kr 1 250,50"."""
    text = kroner(value)
    return f"kr{NBSP}{text}" if text else ""


@register.filter(name="kroner")
def kroner_filter(value):
    return kroner(value)
