"""Login with HelseID or ID-porten: start (push the request, send the browser to the provider),
callback (check everything, then log in, link or ask for proof), linking by a one-time code,
unlinking on the profile, and the page the provider returns to after logging out."""

import hmac
import logging

from allauth.account.utils import get_next_redirect_url
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import LOGIN, NOT_FOUND, REDIRECT, access
from alisvest.models import Invitation

from . import client, linking, services
from .client import LoginRefused
from .models import ExternalIdentity

log = logging.getLogger(__name__)

FLOW_SESSION_KEY = "identity_flow"
PENDING_SESSION_KEY = "identity_pending"  # a person no account knows yet, awaiting proof


def _redirect_uri(request, provider):
    return request.build_absolute_uri(reverse(f"identity_callback_{provider.name}"))


def _refuse(request, error, *, to="account_login"):
    log.warning("identity login refused: %s", error.detail or error.message)
    messages.error(request, error.message)
    return redirect(to)


@access(REDIRECT, anonymous=LOGIN)  # to the provider; back to the login page on a refusal
def start(request, provider):
    """?invitasjon=<token> links a new account through an invitation; a logged-in person
    starting here links the identity to their own account."""
    found = client.get_provider(provider)
    back = "profile" if request.user.is_authenticated else "account_login"
    if found is None:
        messages.error(request, _("Denne innloggingen er ikke satt opp her."))
        return redirect(back)
    flow = client.new_flow()
    flow.update(
        provider=found.name,
        invitation=request.GET.get("invitasjon", ""),
        link=request.user.is_authenticated,
        next=get_next_redirect_url(request) or "",
    )
    try:
        url = client.authorization_url(
            found, flow, redirect_uri=_redirect_uri(request, found), language=get_language()
        )
    except LoginRefused as error:
        return _refuse(request, error, to=back)
    request.session[FLOW_SESSION_KEY] = flow
    return redirect(url)


def _checked_person(request, provider, flow):
    """The person the callback names, once state, code, tokens and ID token all hold."""
    if flow is None or flow["provider"] != provider.name:
        raise LoginRefused(_("Innloggingen kunne ikke fullføres. Start innloggingen på nytt."))
    if not hmac.compare_digest(request.GET.get("state", ""), flow["state"]):
        raise LoginRefused(
            _("Svaret fra %(provider)s hørte ikke til denne innloggingen (state).")
            % {"provider": provider.title}
        )
    if request.GET.get("iss", provider.issuer) != provider.issuer:  # RFC 9207: a mix-up
        raise LoginRefused(
            _("Svaret kom ikke fra %(provider)s. Du er ikke logget inn.")
            % {"provider": provider.title}
        )
    if "error" in request.GET:
        raise LoginRefused(
            _("%(provider)s avviste innloggingen (%(error)s). Du er ikke logget inn.")
            % {"provider": provider.title, "error": request.GET["error"][:100]},
            detail=request.GET.get("error_description", ""),
        )
    tokens = client.exchange_code(
        provider,
        flow,
        code=request.GET.get("code", ""),
        redirect_uri=_redirect_uri(request, provider),
    )
    claims = client.validate_id_token(provider, tokens.get("id_token", ""), nonce=flow["nonce"])
    return services.person_from_claims(provider, claims)


@access(REDIRECT, anonymous=LOGIN)
def callback(request, provider):
    flow = request.session.pop(FLOW_SESSION_KEY, None)
    found = client.get_provider(provider)
    back = "profile" if request.user.is_authenticated else "account_login"
    if found is None:
        return redirect(back)
    try:
        person = _checked_person(request, found, flow)
        if flow["link"] and request.user.is_authenticated:
            services.link(request.user, person)
            messages.success(
                request, _("%(provider)s er koblet til kontoen din.") % {"provider": found.title}
            )
            return redirect("profile")
        user = services.linked_user(person)
        invitation = Invitation.find(flow["invitation"]) if flow["invitation"] else None
        if user is None and invitation is not None:
            user = services.accept_invitation(invitation, person)
            messages.success(request, _("Velkommen til ALIS-VEST!"))
    except LoginRefused as error:
        return _refuse(request, error, to=back)
    if user is None:
        request.session[PENDING_SESSION_KEY] = {"person": person.as_session(), "next": flow["next"]}
        return redirect("identity_link_account")
    return services.log_in(request, user, person, redirect_url=flow["next"] or reverse("dashboard"))


@access(LOGIN, anonymous=LOGIN, post={})
def link_account(request):
    """First login of an identity no account knows: prove the account by a code by e-mail."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return redirect("account_login")
    person = services.Person.from_session(pending["person"])
    email_form = linking.EmailForm(request.POST if "email" in request.POST else None)
    code_form = linking.CodeForm(request.POST if "code" in request.POST else None)
    if email_form.is_bound and email_form.is_valid() and not linking.may_send_code(person):
        email_form.add_error("email", _("For mange koder på en time. Prøv igjen senere."))
    elif email_form.is_bound and email_form.is_valid():
        linking.send_code(request, email_form.cleaned_data["email"])
        messages.info(
            request,
            _(
                "Har en konto den adressen, har vi sendt en engangskode dit. "
                "Den gjelder i 10 minutter."
            ),
        )
        code_form = linking.CodeForm()
    elif code_form.is_bound and code_form.is_valid():
        user, problem = linking.check_code(request, code_form.cleaned_data["code"])
        if user is None:
            code_form.add_error("code", problem)
        else:
            try:
                services.link(user, person)
            except LoginRefused as error:
                return _refuse(request, error)
            request.session.pop(PENDING_SESSION_KEY)
            messages.success(request, _("Innloggingen er koblet til kontoen din."))
            return services.log_in(
                request,
                user,
                person,
                redirect_url=pending["next"] or reverse("dashboard"),
            )
    context = {
        "email_form": email_form,
        "code_form": code_form,
        "code_sent": linking.CODE_SESSION_KEY in request.session,
        "provider": ExternalIdentity.Provider(person.provider).label,
    }
    return render(request, "identity/link_account.html", context)


@access(NOT_FOUND, method="POST")  # the graph's users have no link; one's own is OK
@login_required
@require_POST
@transaction.atomic
def unlink(request, provider):
    identity = get_object_or_404(ExternalIdentity.objects.for_user(request.user), provider=provider)
    services.unlink(identity)
    messages.success(
        request,
        _("%(provider)s er ikke lenger koblet til kontoen din.")
        % {"provider": identity.get_provider_display()},
    )
    return redirect("profile")


@access(LOGIN, anonymous=LOGIN)
def logged_out(request):
    """Where the provider sends the browser once its session has ended too."""
    messages.info(request, _("Du er logget ut, også av innloggingstjenesten."))
    return redirect("account_login")
