"""Studies and their members, the interview bookkeeping and the pseudonymised export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access, require
from alisvest.db import SubqueryCount
from alisvest.idempotency import submitted_once
from research import disclosure, export
from research.forms import ExportForm, InterviewForm, RoundForm, StudyForm
from research.models import Category, Consent, Interview, InterviewRound, RoundTarget, Study
from research.permissions import can_create_study, can_manage_study, sees_names


def get_study_for_user(request, pk):
    return get_object_or_404(
        Study.objects.for_user(request.user).select_related("programme"), pk=pk
    )


def get_study_with_names(request, pk):
    """Pages that show names: 404 for researchers, as if the page did not exist."""
    study = get_study_for_user(request, pk)
    if not sees_names(request.user, study):
        raise Http404
    return study


def get_round_for_user(request, pk, round_pk):
    study = get_study_for_user(request, pk)
    return study, get_object_or_404(study.rounds, pk=round_pk)


@access(NOT_FOUND, researcher=OK, leader=OK)
@login_required
def study_list(request):
    studies = (
        Study.objects.for_user(request.user)
        .select_related("programme")
        .annotate(
            consenting=SubqueryCount(
                Consent.objects.filter(study=OuterRef("pk"), withdrawn_at=None)
            ),
            round_count=SubqueryCount(InterviewRound.objects.filter(study=OuterRef("pk"))),
        )
    )
    allowed, _reason = can_create_study(request.user)
    if not (allowed or request.user.access.researched_programmes):
        raise Http404
    return render(request, "research/study_list.html", {"studies": studies, "can_create": allowed})


@access(FORBIDDEN, leader=OK)
@login_required
@submitted_once
def study_create(request):
    require(can_create_study(request.user))
    form = StudyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        study = form.save()
        messages.success(request, _("Studien er opprettet."))
        return redirect("research:study_detail", pk=study.pk)
    return render(request, "research/study_form.html", {"form": form})


@access(NOT_FOUND, leader=OK, post={})
@login_required
def study_edit(request, pk):
    study = get_study_for_user(request, pk)
    require(can_manage_study(request.user, study))
    form = StudyForm(request.POST or None, instance=study, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Studien er lagret."))
        return redirect("research:study_detail", pk=study.pk)
    return render(request, "research/study_form.html", {"form": form, "study": study})


def consent_summary(study, suppressed=False):
    """Consents in force and withdrawn per category. For researchers with primary and
    complementary suppression: those in force add up to the study's published count."""
    counts = {
        row["category"]: row
        for row in study.consents.values("category").annotate(
            active=Count("pk", filter=Q(withdrawn_at=None)),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
    }
    values = {
        (value, kind): counts.get(value, {}).get(kind, 0)
        for value in Category.values
        for kind in ("active", "withdrawn")
    }
    values["total"] = sum(n for (_v, kind), n in values.items() if kind == "active")
    shown = values
    if suppressed:
        threshold = study.small_cell_threshold
        active = [c for c in values if c != "total" and c[1] == "active"]
        # The total is published (the export page, the API): never a complement.
        hidden = disclosure.protect(values, [(active, "total")], threshold, fixed={"total"})
        shown = disclosure.shown(values, hidden, threshold)
    return [
        {
            "label": label,
            "active": shown[(value, "active")],
            "withdrawn": shown[(value, "withdrawn")],
        }
        for value, label in Category.choices
    ]


def round_overview(study):
    """The seed report's table: round, period, and per category interviews done of target."""
    rounds = (
        study.rounds.annotate(
            **{
                f"n_{value}": Count("interviews", filter=Q(interviews__category=value))
                for value in Category.values
            }
        )
        .prefetch_related("targets")
        .order_by("number")
    )
    overview = []
    for r in rounds:
        targets = {t.category: t.target for t in r.targets.all()}
        cells = [
            {"label": label, "done": getattr(r, f"n_{value}"), "target": targets.get(value)}
            for value, label in Category.choices
        ]
        overview.append({"round": r, "cells": cells})
    return overview


@access(NOT_FOUND, leader=OK)
@login_required
def study_detail(request, pk):
    study = get_study_for_user(request, pk)
    names = sees_names(request.user, study)
    return render(
        request,
        "research/study_detail.html",
        {
            "study": study,
            "members": study.members.order_by("name"),
            "consents": consent_summary(study, suppressed=not names),
            "overview": round_overview(study),
            "waves": study.waves.with_counts(),
            "sees_names": names,
            "categories": Category.choices,
        },
    )


# --- Interview rounds (members and project leaders) ----------------------------------------


@access(NOT_FOUND, leader=OK, post={})
@login_required
@submitted_once
def round_form(request, pk, round_pk=None):
    study = get_study_for_user(request, pk)
    instance = get_object_or_404(study.rounds, pk=round_pk) if round_pk else None
    form = RoundForm(request.POST or None, instance=instance, study=study)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            targets = form.targets()
            saved.targets.exclude(category__in=targets).delete()
            for category, target in targets.items():
                RoundTarget.objects.update_or_create(
                    round=saved, category=category, defaults={"target": target}
                )
        messages.success(request, _("Intervjurunden er lagret."))
        return redirect("research:round_detail", pk=study.pk, round_pk=saved.pk)
    return render(
        request, "research/round_form.html", {"study": study, "form": form, "round": instance}
    )


@access(NOT_FOUND, leader=OK)
@login_required
def round_detail(request, pk, round_pk):
    study, interview_round = get_round_for_user(request, pk, round_pk)
    form = InterviewForm(request.POST or None, round=interview_round)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Intervjuet er registrert."))
        return redirect("research:round_detail", pk=study.pk, round_pk=interview_round.pk)
    interviews = interview_round.interviews.select_related("municipality").order_by(
        "date", "informant_code"
    )
    overview = [row for row in round_overview(study) if row["round"].pk == interview_round.pk]
    return render(
        request,
        "research/round_detail.html",
        {
            "study": study,
            "round": interview_round,
            "interviews": interviews,
            "form": form,
            "row": overview[0] if overview else None,
        },
    )


@access(NOT_FOUND, leader=OK, method="POST")
@login_required
@require_POST
def interview_delete(request, pk, round_pk, interview_pk):
    study, interview_round = get_round_for_user(request, pk, round_pk)
    interview = get_object_or_404(Interview, round=interview_round, pk=interview_pk)
    interview.delete()
    messages.success(request, _("Intervjuet er slettet."))
    return redirect("research:round_detail", pk=study.pk, round_pk=interview_round.pk)


# --- Pseudonymised export (members and project leaders) ------------------------------------


@access(NOT_FOUND, leader=OK)
@login_required
def export_page(request, pk):
    study = get_study_for_user(request, pk)
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filename, content_type, content = export.export(
            study, request.user, data["format"], form.filters(), purpose=data["formaal"]
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    logs = study.exports.select_related("user")[:50]
    return render(
        request,
        "research/export.html",
        {
            "study": study,
            "form": form if form.is_bound else ExportForm(),
            "logs": logs,
            "people": len(export.consenting_doctors(study)),
        },
    )
