from django import template

register = template.Library()

NBSP = "\u00a0"


def kroner(value):
    """66849 -> "66 849" (Norwegian grouping with a non-breaking space)."""
    if value is None or value == "":
        return ""
    number = round(value)
    text = f"{abs(number):,}".replace(",", NBSP)
    return f"−{text}" if number < 0 else text


@register.filter
def kr(value):
    """66849 -> "kr 66 849"."""
    text = kroner(value)
    return f"kr{NBSP}{text}" if text else ""


@register.filter(name="kroner")
def kroner_filter(value):
    return kroner(value)
