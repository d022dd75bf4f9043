"""Consent: the project leaders' register (names: leaders only), the study's versioned
information text and the invitations, and the person's own page to give or withdraw
consent, through the e-mailed link (no login) or logged in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alisvest.access import NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from alisvest.uploads import serve_stored
from placements.models import Doctor
from research import consent_links, services
from research.consent_forms import (
    ConsentInviteForm,
    GiveConsentForm,
    InformationTextForm,
    LetterWithdrawalForm,
)
from research.forms import ConsentForm
from research.models import Consent, Study
from research.views.studies import get_study_with_names

WITHDRAWN = _("Samtykket er trukket tilbake: personen er ute av alle senere uttrekk og analyser.")


def list_context(study, invite_form=None):
    consents = study.consents.select_related(
        "doctor", "user", "registered_by", "information_text"
    ).order_by("category", "doctor__name", "user__name", "name")
    return {
        "study": study,
        "consents": consents,
        "text": services.current_text(study),
        "invitations": study.consent_invitations.select_related("doctor", "sent_by").order_by(
            "doctor__name"
        ),
        "invite_form": invite_form or ConsentInviteForm(study=study),
    }


@access(NOT_FOUND, leader=OK)
@login_required
def consent_list(request, pk):
    study = get_study_with_names(request, pk)
    return render(request, "research/consent_list.html", list_context(study))


@access(NOT_FOUND, leader=OK, post={})
@login_required
@submitted_once
def consent_create(request, pk):
    study = get_study_with_names(request, pk)
    form = ConsentForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        consent = form.save(commit=False)
        consent.registered_by = request.user
        consent.save()
        messages.success(request, _("Samtykket er registrert."))
        return redirect("research:consent_list", pk=study.pk)
    return render(request, "research/consent_form.html", {"study": study, "form": form})


@access(NOT_FOUND, leader=OK, post={})
@login_required
def consent_withdraw(request, pk, consent_pk):
    """A withdrawal received by letter (or otherwise): the date it came and its reason."""
    study = get_study_with_names(request, pk)
    consent = get_object_or_404(study.consents.select_related("doctor", "user"), pk=consent_pk)
    form = LetterWithdrawalForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        if services.withdraw_consent(consent, by=request.user, **form.cleaned_data):
            messages.success(request, WITHDRAWN)
        else:
            messages.info(request, _("Samtykket var allerede trukket tilbake."))
        return redirect("research:consent_list", pk=study.pk)
    return render(
        request,
        "research/consent_withdraw.html",
        {"study": study, "consent": consent, "form": form},
    )


@access(NOT_FOUND, leader=OK)
@login_required
def consent_pdf(request, pk, consent_pk):
    study = get_study_with_names(request, pk)
    consent = get_object_or_404(study.consents.exclude(signed_pdf=""), pk=consent_pk)
    return serve_stored(
        request, consent.signed_pdf, f"samtykke-{study.pk}-{consent.pk}.pdf", "application/pdf"
    )


@access(NOT_FOUND, leader=OK, post={})
@login_required
@submitted_once
def information_text(request, pk):
    """The study's information text: each save is a new version; consents keep theirs."""
    study = get_study_with_names(request, pk)
    current = services.current_text(study)
    initial = {f: getattr(current, f) for f in InformationTextForm.Meta.fields} if current else {}
    form = InformationTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        text = services.publish_text(study, request.user, **form.cleaned_data)
        messages.success(
            request, _("Versjon %(v)s av informasjonsteksten er lagret.") % {"v": text.version}
        )
        return redirect("research:consent_list", pk=study.pk)
    versions = study.information_texts.select_related("created_by")
    return render(
        request,
        "research/information_text.html",
        {"study": study, "form": form, "versions": versions, "current": current},
    )


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def consent_invite(request, pk):
    study = get_study_with_names(request, pk)
    form = ConsentInviteForm(request.POST, study=study)
    if services.current_text(study) is None:
        messages.error(request, _("Skriv informasjonsteksten før du sender lenker."))
        return redirect("research:consent_list", pk=study.pk)
    if not form.is_valid():
        return render(request, "research/consent_list.html", list_context(study, form))
    invitations = services.invite_to_consent(study, form.cleaned_data["doctors"], request.user)
    n = len(invitations)
    messages.success(
        request,
        ngettext(
            "Lenken til samtykke sendes til %(n)s ALIS.",
            "Lenken til samtykke sendes til %(n)s ALIS.",
            n,
        )
        % {"n": n},
    )
    return redirect("research:consent_list", pk=study.pk)


# --- The person's own page: through the link, or logged in ------------------------------


def person_page(request, study, doctor, via, by=None):
    """Give or withdraw one's own consent. `via`: Consent.Withdrawal.LINK or LOGIN. A
    redirect after a change, else the page's context (with the form's errors)."""
    page = person_page_get(study, doctor)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "withdraw" and page["consent"] is not None:
        if services.withdraw_consent(page["consent"], by=by, method=via):
            messages.success(request, _("Samtykket ditt er trukket tilbake."))
        return redirect(request.path)
    if action == "give" and page["text"] is not None:
        form = GiveConsentForm(request.POST, text=page["text"])
        if form.is_valid():
            language = translation.get_language()
            signature = form.cleaned_data["signature"]
            services.give_consent(study, doctor, page["text"], signature, by=by, language=language)
            messages.success(request, _("Takk! Samtykket ditt er registrert."))
            return redirect(request.path)
        page["form"] = form
    return page


# No login: the signed link is the credential. The graph has no valid link: 404.
@access(NOT_FOUND, anonymous=NOT_FOUND, post={})
def consent_by_link(request, token):
    invitation = consent_links.invitation_from(token)
    if invitation is None:
        raise Http404
    result = person_page(request, invitation.study, invitation.doctor, Consent.Withdrawal.LINK)
    if not isinstance(result, dict):
        return result
    return render(request, "research/consent_person.html", {"pages": [result], "by_link": True})


@access(NOT_FOUND, alis=OK, post={})
@login_required
def my_consents(request):
    """The logged-in ALIS's studies: one card each, to give or withdraw consent."""
    doctor = Doctor.objects.filter(user=request.user).select_related("programme").first()
    if doctor is None:
        raise Http404
    studies = Study.objects.filter(programme=doctor.programme_id).order_by("-started", "name")
    chosen = request.POST.get("study")
    pages = []
    for study in studies:
        if request.method == "POST" and chosen == str(study.pk):
            result = person_page(request, study, doctor, Consent.Withdrawal.LOGIN, request.user)
            if not isinstance(result, dict):
                return result
        else:
            result = person_page_get(study, doctor)
        pages.append(result)
    return render(request, "research/consent_person.html", {"pages": pages, "by_link": False})


def person_page_get(study, doctor):
    consent = Consent.objects.filter(study=study, doctor=doctor).first()
    text = services.current_text(study)
    return {
        "study": study,
        "consent": consent,
        "in_force": consent is not None and consent.withdrawn_at is None,
        "text": text,
        "body": text.text_in(translation.get_language()) if text else "",
        "form": GiveConsentForm(text=text) if text else None,
    }
