"""Survey waves: the researchers' form builder and response-rate dashboard, and the
municipalities' answer page (a signed link, no login)."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alisvest.access import NOT_FOUND, OK, access, require
from alisvest.idempotency import submitted_once
from alisvest.spreadsheets import append_row, csv_writer
from research import surveys
from research.forms import QuestionForm, WaveForm
from research.models import Question, SurveyResponse
from research.views.studies import get_study_for_user


def get_wave_for_user(request, pk, wave_pk):
    study = get_study_for_user(request, pk)
    return study, get_object_or_404(study.waves, pk=wave_pk)


def can_edit_questions(wave):
    if wave.responses.exists():
        return False, _("Kommuner har allerede svart: spørsmålene kan ikke endres lenger.")
    return True, ""


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
    answered = SurveyResponse.objects.filter(wave=wave, municipality=OuterRef("municipality"))
    invitations = list(
        wave.invitations.select_related("municipality")
        .annotate(answered=Exists(answered))
        .order_by("municipality__name")
    )
    done = sum(1 for i in invitations if i.answered)
    return {
        "wave": wave,
        "invitations": invitations,
        "answered_count": done,
        "rate": round(100 * done / len(invitations)) if invitations else 0,
    }


@access(NOT_FOUND, leader=OK)
@login_required
def wave_detail(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    editable, reason = can_edit_questions(wave)
    form = QuestionForm(request.POST or None, wave=wave)
    if request.method == "POST":
        require((editable, reason))
        if form.is_valid():
            form.save()
            messages.success(request, _("Spørsmålet er lagt til."))
            return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
    return render(
        request,
        "research/wave_detail.html",
        {
            "study": study,
            "questions": wave.questions.all(),
            "form": form,
            "editable": editable,
            "reason": reason,
            **rate_context(wave),
        },
    )


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
    require(can_edit_questions(wave))
    get_object_or_404(wave.questions, pk=question_pk).delete()
    messages.success(request, _("Spørsmålet er slettet."))
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
@submitted_once
def wave_invite(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    if wave.is_closed:
        raise PermissionDenied(_("Undersøkelsen er stengt."))
    if not wave.questions.exists():
        messages.error(request, _("Legg til minst ett spørsmål før du sender lenkene."))
        return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)
    invited, missing = surveys.invite_participants(wave, settings.SITE_URL)
    got_links = ngettext(
        "%(n)s kommune har fått (eller får nå) sin lenke på e-post.",
        "%(n)s kommuner har fått (eller får nå) sin lenke på e-post.",
        len(invited),
    )
    messages.success(request, got_links % {"n": len(invited)})
    if missing:
        messages.warning(
            request,
            _("Uten helseleder med innlogging, ikke invitert: %(names)s")
            % {"names": ", ".join(m.name for m in missing)},
        )
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def wave_remind(request, pk, wave_pk):
    study, wave = get_wave_for_user(request, pk, wave_pk)
    sent = surveys.send_reminders(wave=wave, ignore_days=True)
    reminded = ngettext(
        "Påminnelse sendt til %(n)s kommune som ikke har svart.",
        "Påminnelse sendt til %(n)s kommuner som ikke har svart.",
        len(sent),
    )
    messages.success(request, reminded % {"n": len(sent)})
    return redirect("research:wave_detail", pk=study.pk, wave_pk=wave.pk)


@access(NOT_FOUND, leader=OK)
@login_required
def wave_answers(request, pk, wave_pk, fmt):
    """All answers of the wave, one row per municipality, one column per question."""
    study, wave = get_wave_for_user(request, pk, wave_pk)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    questions = list(wave.questions.all())
    columns = ["kommunenummer", "kommune", "sendt_inn", "sist_endret"] + [
        f"{q.key} {q.text}" for q in questions
    ]
    rows = []
    for response in wave.responses.select_related("municipality").order_by("municipality__name"):
        row = [
            response.municipality.number,
            response.municipality.name,
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(response.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for q in questions:
            value = response.answers.get(q.key, "")
            row.append("; ".join(value) if isinstance(value, list) else value)
        rows.append(row)
    filename = f"svar-{wave.pk}.{fmt}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("svar")
        append_row(sheet, columns)
        for row in rows:
            append_row(sheet, row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        workbook.save(response)
    else:
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv_writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The municipality's answer page: no login, a signed link ------------------------------


# No login: the signed link is the credential. The graph has no valid link: 404.
@access(NOT_FOUND, anonymous=NOT_FOUND)
def survey_answer(request, number, token):
    invitation = surveys.invitation_from(token, number)
    if invitation is None:
        raise Http404
    wave = invitation.wave
    now = timezone.now()
    if now < wave.opens_at or now >= wave.closes_at:
        state = "not_open" if now < wave.opens_at else "closed"
        return render(
            request,
            "research/survey_closed.html",
            {"wave": wave, "message": surveys.WAVE_STATE_TEXT[state]},
            status=403 if state == "not_open" else 410,
        )
    questions = list(wave.questions.all())
    existing = SurveyResponse.objects.filter(
        wave=wave, municipality=invitation.municipality
    ).first()
    form_class = surveys.answer_form_class(questions)
    form = form_class(request.POST or None, initial=existing.answers if existing else None)
    if request.method == "POST" and form.is_valid():
        surveys.save_answers(invitation, form.cleaned_data)
        return redirect(f"{request.path}?lagret=1")
    return render(
        request,
        "research/survey_answer.html",
        {
            "wave": wave,
            "invitation": invitation,
            "form": form,
            "existing": existing,
            "saved": request.GET.get("lagret") == "1" and existing is not None,
            "Question": Question,
        },
    )
