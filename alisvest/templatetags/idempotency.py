from django import template
from django.utils.html import format_html

from alisvest.idempotency import FIELD, key_of, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_key(context):
    """The form's one-time key: the posted one when the form is shown again with errors (so
    the corrected form is still the same submission), else a new one."""
    request = context.get("request")
    key = (
        key_of(request) if request is not None and request.method == "POST" else None
    ) or new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)
