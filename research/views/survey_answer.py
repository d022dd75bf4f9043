"""The recipient's answer page (a link, no login) and the wave's answers for download."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from openpyxl import Workbook

from alisvest.access import NOT_FOUND, OK, access
from alisvest.spreadsheets import append_row, csv_writer
from research import surveys
from research.models import Question, SurveyResponse
from research.views.studies import get_study_for_user


def _answer(request, invitation):
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
    version = wave.version
    questions = wave.questions.in_version(version)
    existing = SurveyResponse.objects.filter(invitation=invitation).first()
    form_class = surveys.answer_form_class(questions, translation.get_language())
    form = form_class(request.POST or None, initial=existing.answers if existing else None)
    if request.method == "POST" and form.is_valid():
        surveys.save_answers(invitation, form.cleaned_data, version)
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


# No login: the signed link is the credential. The graph has no valid link: 404.
@access(NOT_FOUND, anonymous=NOT_FOUND)
def survey_answer(request, number, token):
    """A municipality's link: its number and its token."""
    return _answer(request, surveys.invitation_from(token, number))


@access(NOT_FOUND, anonymous=NOT_FOUND)
def survey_link(request, token):
    """A person's link: the token alone."""
    return _answer(request, surveys.invitation_from(token))


def _rows(wave, questions):
    responses = wave.responses.select_related("municipality").order_by(
        "role", "municipality__name", "pk"
    )
    for response in responses:
        row = [
            response.municipality.number if response.municipality else "",
            response.municipality.name if response.municipality else "",
            response.get_role_display(),
            response.version,
            timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(response.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for q in questions:
            value = response.answers.get(q.key, "")
            row.append("; ".join(value) if isinstance(value, list) else value)
        yield row


@access(NOT_FOUND, leader=OK)
@login_required
def wave_answers(request, pk, wave_pk, fmt):
    """All answers of the wave for the study's members, one row per response, one column
    per question of any version (a question's versions are columns of their own)."""
    study = get_study_for_user(request, pk)
    wave = study.waves.filter(pk=wave_pk).first()
    if wave is None or fmt not in {"csv", "xlsx"}:
        raise Http404
    questions = list(wave.questions.all())
    columns = ["kommunenummer", "kommune", "rolle", "versjon", "sendt_inn", "sist_endret"] + [
        f"{q.key} v{q.since_version} {q.text}" for q in questions
    ]
    rows = list(_rows(wave, questions))
    if fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("svar")
        for row in [columns, *rows]:
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
    response["Content-Disposition"] = f'attachment; filename="svar-{wave.pk}.{fmt}"'
    return response
