from urllib.parse import urlencode

from django import template
from django.urls import reverse

from alisvest.identity.client import configured_providers
from alisvest.identity.models import ExternalIdentity

register = template.Library()


@register.inclusion_tag("identity/buttons.html")
def identity_buttons(invitation="", next_url=""):
    """ "Logg inn med HelseID / ID-porten" for each provider configured here."""
    query = {k: v for k, v in (("invitasjon", invitation), ("next", next_url)) if v}
    suffix = f"?{urlencode(query)}" if query else ""
    return {
        "buttons": [
            (p.title, reverse(f"identity_start_{p.name}") + suffix) for p in configured_providers()
        ]
    }


@register.inclusion_tag("identity/profile_section.html", takes_context=True)
def identity_profile(context):
    """The profile's list of linked logins, with link and unlink."""
    user = context["request"].user
    linked = {i.provider: i for i in ExternalIdentity.objects.for_user(user)}
    rows = []
    for provider in configured_providers():
        identity = linked.pop(provider.name, None)
        rows.append((provider, identity))
    return {"rows": rows, "csrf_token": context.get("csrf_token")}
