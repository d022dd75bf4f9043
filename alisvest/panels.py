"""Cards a higher floor adds to a page of a lower one, without the lower floor importing it:
settings.PANELS names, per page, functions of the user (and the page's keywords) that
return template context, in the order the page shows them."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def panels(page):
    return [import_string(path) for path in settings.PANELS.get(page, [])]


def panel_context(page, user, **kwargs):
    context = {}
    for panel in panels(page):
        context.update(panel(user, **kwargs))
    return context
