"""The dashboard's card from research (settings.DASHBOARD_PANELS): the studies in scope."""

from research.models import Study


def studies(user, **_page):
    access = user.access
    if not (access.researched_programmes or access.led_programmes):
        return {}
    return {"studies": list(Study.objects.for_user(user).select_related("programme"))}
