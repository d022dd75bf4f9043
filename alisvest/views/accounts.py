"""The person's own pages: profile with API tokens and e-mail settings, invitations and
accepting one."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest import services
from alisvest.access import NOT_FOUND, OK, access
from alisvest.calendar import calendar_url
from alisvest.digests import effective_frequency
from alisvest.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    EmailFrequencyForm,
    InvitationForm,
    LanguageForm,
)
from alisvest.idempotency import submitted_once
from alisvest.models import ApiToken, Invitation


@access(OK, post={})
@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _token, new_token = ApiToken.issue(
            request.user,
            data["name"],
            data["days"],
            read_only=data["read_only"],
            scopes=data["scopes"],
        )
        form = ApiTokenForm()
    return render(
        request,
        "profile.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.for_user(request.user).filter(revoked_at=None),
            "frequency_form": EmailFrequencyForm(instance=request.user),
            "language_form": LanguageForm(instance=request.user),
            "frequency": effective_frequency(request.user),
            "calendar_url": calendar_url(request.user),
        },
    )


@access(OK, method="POST")
@login_required
@require_POST
def language_settings(request):
    """The person's language for pages and e-mails (history through HistoricalRecords)."""
    form = LanguageForm(request.POST, instance=request.user)
    if form.is_valid():
        user = form.save()
        if user.language:
            translation.activate(user.language)
        messages.success(request, _("Språkvalget er lagret."))
    else:
        messages.error(request, _("Velg et av språkene i listen."))
    return redirect(reverse("profile") + "#sprak")


@access(OK, method="POST")
@login_required
@require_POST
def email_settings(request):
    """The person's own choice of each event, daily or weekly digest (history through the
    user's HistoricalRecords)."""
    form = EmailFrequencyForm(request.POST, instance=request.user)
    if form.is_valid():
        user = form.save()
        messages.success(
            request,
            _("Lagret. Du får nå varsler slik: %(choice)s.")
            % {"choice": effective_frequency(user).label.lower()},
        )
    else:
        messages.error(request, _("Velg hvor ofte du vil få varsler på e-post."))
    return redirect(reverse("profile") + "#varsler")


@access(NOT_FOUND, alis=OK, method="POST")  # the graph's token is the ALIS's
@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(
        request, _("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name}
    )
    return redirect("profile")


def _may_invite(user):
    access = user.access
    return access.superuser or bool(access.led_programmes or access.managed_municipalities)


@access(NOT_FOUND, own_manager=OK, other_manager=OK, leader=OK)
@login_required
@submitted_once
def invitations(request):
    if not _may_invite(request.user):
        raise Http404
    # From a programme's page: that programme chosen already.
    initial = {"programme": request.GET.get("programme")} if request.GET.get("programme") else {}
    form = InvitationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(form, by=request.user)
        messages.success(
            request, _("Invitasjonen er sendt til %(email)s.") % {"email": invitation.email}
        )
        return redirect("invitations")
    sent = Invitation.objects.filter(invited_by=request.user).select_related(
        "programme", "municipality"
    )[:50]
    return render(request, "invitations.html", {"form": form, "sent": sent})


@access(NOT_FOUND, own_manager=OK, method="POST")  # the graph's invitation is the manager's
@login_required
@require_POST
def resend_invitation(request, pk):
    """A new link for an invitation the user sent; the to-do list's reminder then goes."""
    invitation = get_object_or_404(Invitation.objects.filter(invited_by=request.user), pk=pk)
    again = services.resend(invitation, by=request.user)
    messages.success(
        request, _("Invitasjonen er sendt på nytt til %(email)s.") % {"email": again.email}
    )
    return redirect("invitations")


@access(OK, anonymous=OK)  # the token is the credential
def accept_invitation(request, token):
    invitation = Invitation.find(token)
    if invitation is None:
        return render(request, "invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST" and form.is_valid():
        user = services.accept_invitation(
            invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Velkommen til ALIS-VEST!"))
        return redirect("dashboard")
    return render(request, "invitation_accept.html", {"form": form, "invitation": invitation})
