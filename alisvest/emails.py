"""One name per e-mail: templates/emails/<name>-subject.txt, <name>.txt and <name>.html,
rendered in the recipient's language. Each extends templates/emails/layout/base.*, which
adds the one action link (context `action_url`, absolute), the reason it was sent and, for
notices a person may receive as a digest instead, how to change that."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from . import digests
from .language import language_of
from .links import absolute_url

# Notices that may wait for the recipient's daily or weekly digest. The rest (receipts,
# decisions and statements with their PDF, invitations, survey links) always go at once.
DIGESTIBLE = frozenset(
    {
        "supervision-session-logged",
        "supervision-deficit",
        "supervision-yearly-deficit",
        "application-more-info",
    }
)
# E-mails that tell how to get fewer of them: the digestible ones and the digest itself.
STOPPABLE = DIGESTIBLE | {"digest"}


def render_text(template_name, context):
    """Plain text is not HTML: "Fastlege & ALIS" stays so in the subject and the body."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def settings_url():
    return absolute_url(reverse("profile")) + "#varsler"


def send(name, to, context, language=None, attachments=()):
    """Send now, or hold for the recipient's digest if `name` is DIGESTIBLE and they are on
    one. Returns True if sent. `attachments`: (filename, content, mimetype) triples."""
    if not str(context.get("action_url", "")).startswith(("http://", "https://")):
        raise ValueError(f"The e-mail {name!r} needs an absolute action_url (absolute_url()).")
    if name in STOPPABLE:
        context = {**context, "settings_url": settings_url()}
    with translation.override(language or language_of(to) or settings.LANGUAGE_CODE):
        subject = render_text(f"emails/{name}-subject.txt", context).strip()
        user = digests.on_digest(to) if name in DIGESTIBLE else None
        if user is not None:
            digests.hold(user, name, subject, context["action_url"])
            return False
        text = render_text(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return True
