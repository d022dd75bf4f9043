"""Survey waves: the researchers' form builder, recipients and response rate. The answer
page (a link, no login) is in survey_answer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alisvest.access import NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from alisvest.middleware import background
from research import surveys
from research.forms import AddressForm, QuestionForm, RecipientsForm, WaveForm
from research.models import SurveyResponse
from research.views.studies import get_study_for_user

from .survey_answer import survey_answer, survey_link, wave_answers

__all__ = [
    "question_delete",
    "question_edit",
    "survey_answer",
    "survey_link",
    "wave_address",
    "wave_answers",
    "wave_detail",
    "wave_form",
    "wave_invite",
    "wave_rate",
    "wave_recipients",
    "wave_remind",
]


def get_wave_for_user(request, pk, wave_pk):
    study = get_study_for_user(request, pk)
    return study, get_object_or_404(study.waves, pk=wave_pk)


def versioning_note(wave):
    """What a change does now: in place before answers, a new version after."""
    if wave.responses.filter(version=wave.version).exists():
        return _(
            "Noen har svart på versjon %(v)s. Endrer eller legger du til spørsmål, blir det "
            "versjon %(next)s; svarene som finnes beholder sin versjon."
        ) % {"v": wave.version, "next": wave.version + 1}
    return ""


@access(NOT_FOUND, leader=OK, post={})
@login_required
@submitted_once
def wave_form(request, pk, wave_pk=None):
    study = get_study_for_user(request, pk)
    wave = get_object_or_404(study.waves, pk=wave_pk) if wave_pk else None
    form = WaveForm(request.POST or None, instance=wave, study=study)
    if request.method == "POST" and form.is_valid():
        wave = form.save()
        messages.success(request, _("Undersøkelsen er lagret."))
        return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
    return render(request, "research/wave_form.html", {"study": study, "form": form, "wave": wave})


def rate_context(wave):
    """Everyone invited counts: a municipality without an address is invited and unanswered
    until someone answers its link."""
    answered = SurveyResponse.objects.filter(invitation=OuterRef("pk"))
    invitations = list(
        wave.invitations.select_related("municipality")
        .annotate(answered=Exists(answered))
        .order_by("role", "municipality__name", "email")
    )
    for invitation in invitations:
        invitation.link = surveys.link_for(invitation, settings.SITE_URL)
    done = sum(1 for i in invitations if i.answered)
    return {
        "wave": wave,
        "invitations": invitations,
        "answered_count": done,
        "rate": round(100 * done / len(invitations)) if invitations else 0,
    }


def detail_context(study, wave, user, **forms):
    return {
        "study": study,
        "questions": wave.questions.in_version(wave.version).select_related(
            "show_if", "required_if"
        ),
        "retired": wave.questions.exclude(until_version=None),
        "form": QuestionForm(wave=wave),
        "recipients_form": RecipientsForm(register=surveys.register_people(study, user)),
        "note": versioning_note(wave),
        **forms,
        **rate_context(wave),
    }


@access(NOT_FOUND, leader=OK)
@login_required
def wave_detail(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    form = QuestionForm(request.POST or None, wave=wave)
    if request.method == "POST" and form.is_valid():
        question = surveys.save_question(form)
        messages.success(
            request,
            _("Spørsmålet er lagt til (versjon %(v)s).") % {"v": question.since_version},
        )
        return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
    return render(
        request, "research/wave_detail.html", detail_context(study, wave, request.user, form=form)
    )


@access(NOT_FOUND, leader=OK)
@login_required
def question_edit(request, pk, wave_pk, question_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    question = get_object_or_404(wave.questions.in_version(wave.version), pk=question_pk)
    form = QuestionForm(request.POST or None, instance=question, wave=wave)
    if request.method == "POST" and form.is_valid():
        saved = surveys.save_question(form)
        messages.success(
            request, _("Spørsmålet er lagret (versjon %(v)s).") % {"v": saved.since_version}
        )
        return redirect("research:wave_detail", pk=study.pk, wave_pk=saved.wave_id)
    return render(
        request,
        "research/question_form.html",
        {"study": study, "wave": wave, "form": form, "note": versioning_note(wave)},
    )


@background
@access(NOT_FOUND, leader=OK)
@login_required
def wave_rate(request, pk, wave_pk):
    """The htmx partial: response rate, refreshed every few seconds."""
    _study, wave = get_wave_for_user(request, pk, wave_pk)
    return render(
        request, "research/partials/wave_rate.html", {"study": _study, **rate_context(wave)}
    )


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def question_delete(request, pk, wave_pk, question_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    question = get_object_or_404(wave.questions.in_version(wave.version), pk=question_pk)
    removed, reason = surveys.remove_question(question)
    require((removed, reason))
    messages.success(request, _("Spørsmålet er fjernet."))
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


def _open_for_invitations(request, study, wave):
    if wave.is_closed:
        raise PermissionDenied(_("Undersøkelsen er stengt."))
    if not wave.questions.exists():
        messages.error(request, _("Legg til minst ett spørsmål før du sender lenkene."))
        return False
    return True


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
@submitted_once
def wave_invite(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    if _open_for_invitations(request, study, wave):
        invited, without = surveys.invite_participants(wave, settings.SITE_URL)
        got_links = ngettext(
            "%(n)s kommune er invitert.", "%(n)s kommuner er invitert.", len(invited)
        )
        messages.success(request, got_links % {"n": len(invited)})
        if without:
            messages.warning(
                request,
                _(
                    "Uten e-postadresse (ingen helseleder med innlogging): %(names)s. "
                    "Skriv inn en adresse eller kopier lenken og send den selv."
                )
                % {"names": ", ".join(i.municipality.name for i in without)},
            )
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
@submitted_once
def wave_recipients(request, pk, wave_pk):
    """Invite people: chosen from the register, or by e-mail."""
    study, wave = get_wave_for_user(request, pk, wave_pk)
    form = RecipientsForm(request.POST, register=surveys.register_people(study, request.user))
    if not form.is_valid():
        context = detail_context(study, wave, request.user, recipients_form=form)
        return render(request, "research/wave_detail.html", context)
    if not _open_for_invitations(request, study, wave):
        return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
    added, already = surveys.add_people(
        wave, form.recipients(), settings.SITE_URL, send=form.cleaned_data["send"]
    )
    messages.success(
        request,
        ngettext("%(n)s person er invitert.", "%(n)s personer er invitert.", len(added))
        % {"n": len(added)},
    )
    if already:
        messages.info(request, _("Allerede invitert: %(emails)s") % {"emails": ", ".join(already)})
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def wave_address(request, pk, wave_pk):
    """A municipality's address, typed by the researcher; its link goes out."""
    study, wave = get_wave_for_user(request, pk, wave_pk)
    form = AddressForm(request.POST, wave=wave)
    if not form.is_valid():
        messages.error(
            request,
            _("E-post: %(error)s")
            % {"error": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    elif not wave.is_closed:
        invitation = form.cleaned_data["invitation"]
        surveys.set_address(invitation, form.cleaned_data["email"], settings.SITE_URL)
        messages.success(
            request,
            _("Lenken til %(m)s sendes til %(email)s.")
            % {"m": invitation.municipality.name, "email": invitation.email},
        )
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def wave_remind(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    sent = surveys.send_reminders(wave=wave, ignore_days=True)
    reminded = ngettext(
        "Påminnelse sendt til %(n)s mottaker som ikke har svart.",
        "Påminnelse sendt til %(n)s mottakere som ikke har svart.",
        len(sent),
    )
    messages.success(request, reminded % {"n": len(sent)})
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
