import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.pdf import pdf_response
from alisvest.uploads import attachment_response, safe_filename
from placements.applications import services
from placements.applications.forms import (
    ApplicationForm,
    AttachmentForm,
    CallForm,
    DecisionForm,
    InfoRequestForm,
    RecommendationForm,
    ReviewerForm,
    ReviewForm,
    SignupForm,
)
from placements.applications.models import Application, ApplicationAttachment, Call, MeetingSignup
from placements.municipalities.models import Municipality, Programme


def _messages_of(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


def get_call_for_user(request, pk):
    return get_object_or_404(Call.objects.for_user(request.user).select_related("programme"), pk=pk)


def get_application_for_user(request, pk, *, write=False):
    application = get_object_or_404(
        Application.objects.for_user(request.user).select_related(
            "call__programme", "municipality", "centre"
        ),
        pk=pk,
    )
    if write and application.municipality_id not in request.user.access.managed_municipalities:
        raise PermissionDenied(_("Bare kommunens helseleder kan endre søknaden."))
    return application


def _leads(request, call):
    access = request.user.access
    return access.superuser or call.programme_id in access.led_programmes


def _staff(request, call):
    access = request.user.access
    return access.superuser or call.programme_id in access.staff_programmes


@access(OK)
@login_required
def call_list(request):
    calls = (
        Call.objects.for_user(request.user)
        .select_related("programme")
        .annotate(
            application_count=Count(
                "applications", filter=~Q(applications__status=Application.Status.DRAFT)
            )
        )
    )
    access = request.user.access
    return render(
        request,
        "placements/applications/call_list.html",
        {"calls": calls, "can_create": access.superuser or bool(access.led_programmes)},
    )


@access(FORBIDDEN, leader=OK, post={})
@login_required
def call_create(request):
    access = request.user.access
    programmes = access.led_programmes
    if not (programmes or access.superuser):
        raise PermissionDenied(_("Bare prosjektledere kan lage utlysninger."))
    if access.superuser:
        programmes = Programme.objects.values_list("pk", flat=True)
    form = CallForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        call = form.save()
        messages.success(request, _("Utlysningen er opprettet."))
        return redirect("placements:call_detail", pk=call.pk)
    return render(request, "placements/applications/call_form.html", {"form": form})


@access(NOT_FOUND, other_manager=OK, own_manager=OK, steering=OK, leader=OK)
@login_required
def call_detail(request, pk):
    call = get_call_for_user(request, pk)
    staff = _staff(request, call)
    own = Municipality.objects.filter(
        pk__in=request.user.access.managed_municipalities, county__in=call.target_counties
    )
    own_applications = {
        a.municipality_id: a
        for a in Application.objects.filter(call=call, municipality__in=own).exclude(
            status=Application.Status.WITHDRAWN
        )
    }
    signups = {
        s.municipality_id: s
        for s in MeetingSignup.objects.filter(call=call).select_related("municipality")
    }
    mine = [
        {
            "municipality": m,
            "application": own_applications.get(m.pk),
            "signup": signups.get(m.pk),
        }
        for m in own
    ]
    applications = []
    if staff:
        applications = (
            Application.objects.filter(call=call)
            .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
            .select_related("municipality")
            .annotate(
                score=Avg(
                    F("reviews__recruitment_need")
                    + F("reviews__supervision_arrangement")
                    + F("reviews__list_solution")
                    + F("reviews__centre")
                    + F("reviews__substitute_solution")
                ),
                review_count=Count("reviews"),
            )
            .order_by(F("score").desc(nulls_last=True), "municipality__name")
        )
    return render(
        request,
        "placements/applications/call_detail.html",
        {
            "call": call,
            "staff": staff,
            "mine": mine,
            "applications": applications,
            "signups": signups.values() if staff else [],
            "signup_open": call.meeting_at
            and (
                call.meeting_signup_deadline is None
                or timezone.localdate() <= call.meeting_signup_deadline
            ),
        },
    )


def _own_municipality(request, call, number):
    municipality = Municipality.objects.filter(
        pk__in=request.user.access.managed_municipalities,
        number=number,
        county__in=call.target_counties,
    ).first()
    if municipality is None:
        raise Http404
    return municipality


@access(NOT_FOUND, own_manager=OK, method="POST")
@login_required
@require_POST
def application_start(request, pk, number):
    call = get_call_for_user(request, pk)
    municipality = _own_municipality(request, call, number)
    if not call.is_open:
        messages.error(request, _("Søknadsfristen har gått ut."))
        return redirect("placements:call_detail", pk=call.pk)
    application = (
        Application.objects.filter(call=call, municipality=municipality)
        .exclude(status=Application.Status.WITHDRAWN)
        .first()
    )
    if application is None:
        user = request.user
        application = Application.objects.create(
            call=call,
            municipality=municipality,
            created_by=user,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )
    return redirect("placements:application_edit", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, method="POST")
@login_required
@require_POST
def meeting_signup(request, pk, number):
    call = get_call_for_user(request, pk)
    municipality = _own_municipality(request, call, number)
    signup = MeetingSignup.objects.filter(call=call, municipality=municipality).first()
    form = SignupForm(request.POST, instance=signup)
    if form.is_valid():
        form.instance.call = call
        form.instance.municipality = municipality
        form.instance.signed_up_by = request.user
        form.save()
        messages.success(request, _("Påmeldingen er lagret."))
    else:
        messages.error(request, _("Skriv navnet på minst én deltaker."))
    return redirect("placements:call_detail", pk=call.pk)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, post={})
@login_required
def application_edit(request, pk):
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        messages.info(request, _("Søknaden er sendt inn og kan ikke endres."))
        return redirect("placements:application_detail", pk=application.pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        application = form.save()
        if "submit" in request.POST:
            try:
                services.submit(application)
            except ValidationError as error:
                for message in _messages_of(error):
                    messages.error(request, message)
                return redirect("placements:application_edit", pk=application.pk)
            messages.success(request, _("Søknaden er sendt inn. Du får en kvittering på e-post."))
            return redirect("placements:application_detail", pk=application.pk)
        messages.success(request, _("Utkastet er lagret."))
        return redirect("placements:application_edit", pk=application.pk)
    return render(
        request,
        "placements/applications/application_form.html",
        {
            "form": form,
            "application": application,
            "missing": application.missing(),
            "centres": form.fields["centre"].queryset,
            "attachment_form": AttachmentForm(),
            "attachments": application.attachments.all(),
        },
    )


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_detail(request, pk):
    application = get_application_for_user(request, pk)
    call = application.call
    staff = _staff(request, call)
    leads = _leads(request, call)
    is_manager = application.municipality_id in request.user.access.managed_municipalities
    reviews = list(application.reviews.select_related("reviewer")) if staff else []
    own_review = None
    is_reviewer = application.reviewers.filter(pk=request.user.pk).exists()
    if is_reviewer:
        own_review = application.reviews.filter(reviewer=request.user).first()
    history = (
        application.history.select_related("history_user").order_by("-history_date")[:20]
        if staff or is_manager
        else []
    )
    return render(
        request,
        "placements/applications/application_detail.html",
        {
            "application": application,
            "is_manager": is_manager,
            "staff": staff,
            "leads": leads,
            "history": history,
            "reviewer_form": ReviewerForm(
                programme=call.programme,
                initial={"reviewers": application.reviewers.all()},
            )
            if leads
            else None,
            "info_form": InfoRequestForm() if leads else None,
            "recommendation_form": RecommendationForm() if staff else None,
            "decision_form": DecisionForm(initial={"posts_granted": application.posts_requested})
            if staff
            else None,
            "sections": ApplicationForm(instance=application).sections(),
            "attachments": application.attachments.all(),
            "reviews": reviews,
            "review_form": ReviewForm(instance=own_review, prefix="review")
            if is_reviewer and application.status == Application.Status.UNDER_REVIEW
            else None,
        },
    )


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=FORBIDDEN, leader=OK, method="POST")
@login_required
@require_POST
def application_score(request, pk):
    application = get_application_for_user(request, pk)
    if not application.reviewers.filter(pk=request.user.pk).exists():
        raise PermissionDenied(_("Du er ikke saksbehandler for denne søknaden."))
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            services.save_review(application, request.user, form.cleaned_data)
            messages.success(request, _("Vurderingen er lagret."))
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}")
    return redirect("placements:application_detail", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_application_for_user(request, pk, write=True)
    try:
        services.withdraw(application)
        messages.success(request, _("Søknaden er trukket."))
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    return redirect("placements:application_detail", pk=application.pk)


@access(NOT_FOUND, own_manager=FORBIDDEN, steering=OK, leader=OK, method="POST")
@login_required
@require_POST
def application_review(request, pk, action):
    application = get_application_for_user(request, pk)
    call = application.call
    steering = call.programme_id in request.user.access.steered_programmes
    if not (_leads(request, call) or (steering and action in {"recommend", "decide"})):
        raise PermissionDenied(_("Du kan ikke behandle denne søknaden."))
    try:
        if action == "reviewers":
            form = ReviewerForm(request.POST, programme=call.programme)
            if not form.is_valid():
                raise ValidationError(_("Velg minst én saksbehandler."))
            services.assign_reviewers(application, form.cleaned_data["reviewers"])
            messages.success(request, _("Saksbehandlere er tildelt."))
        elif action == "info":
            form = InfoRequestForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Skriv hva som mangler."))
            services.request_more_information(application, form.cleaned_data["info_request"])
            messages.success(request, _("Kommunen er bedt om mer informasjon."))
        elif action == "recommend":
            form = RecommendationForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Velg en innstilling."))
            services.recommend(
                application, form.cleaned_data["recommendation"], form.cleaned_data["comment"]
            )
            messages.success(request, _("Innstillingen er lagret."))
        elif action == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Innvilgede stillinger må være et helt tall, minst 1."))
            services.decide(
                application,
                approve=form.cleaned_data["approve"],
                posts_granted=form.cleaned_data["posts_granted"],
                conditions=form.cleaned_data["conditions"],
            )
            messages.success(request, _("Vedtaket er registrert."))
        else:
            raise Http404
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    return redirect("placements:application_detail", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def attachment_upload(request, pk):
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        raise PermissionDenied(_("Søknaden er sendt inn og kan ikke endres."))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        attachment = ApplicationAttachment.objects.create(
            application=application,
            file=upload,
            name=safe_filename(upload.name, form.cleaned_data["content_type"]),
            content_type=form.cleaned_data["content_type"],
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(
            request, _("Vedlegget «%(name)s» er lastet opp.") % {"name": attachment.name}
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("placements:application_edit", pk=application.pk)


def get_attachment_for_user(request, pk, attachment_pk):
    application = get_application_for_user(request, pk)
    return application, get_object_or_404(application.attachments, pk=attachment_pk)


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def attachment_download(request, pk, attachment_pk):
    _application, attachment = get_attachment_for_user(request, pk, attachment_pk)
    return attachment_response(attachment.file.open("rb"), attachment.name, attachment.content_type)


@access(NOT_FOUND, own_manager=OK, steering=FORBIDDEN, leader=FORBIDDEN, method="POST")
@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        raise PermissionDenied(_("Søknaden er sendt inn og kan ikke endres."))
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("placements:application_edit", pk=application.pk)


@access(NOT_FOUND, own_manager=OK, steering=OK, leader=OK)
@login_required
def application_pdf(request, pk):
    application = get_application_for_user(request, pk)
    return pdf_response(
        "placements/applications/application_pdf.html",
        {
            "application": application,
            "sections": ApplicationForm(instance=application).sections(),
        },
        f"soknad-{application.municipality.number}-{application.pk}.pdf",
    )


@access(NOT_FOUND)  # the graph's application has no decision yet: 404 for all
@login_required
def decision_pdf(request, pk):
    application = get_application_for_user(request, pk)
    if application.decided_at is None:
        raise Http404
    return pdf_response(
        "placements/applications/decision_pdf.html",
        {"application": application},
        f"vedtak-{application.municipality.number}-{application.pk}.pdf",
    )


EXPORT_COLUMNS = [
    "kommunenummer",
    "kommune",
    "status",
    "sendt_inn",
    "stillinger_sokt",
    "listelosning",
    "listelengde",
    "legesenter",
    "poeng_snitt",
    "innstilling",
    "stillinger_innvilget",
    "vilkar",
]


@access(NOT_FOUND, other_manager=FORBIDDEN, own_manager=FORBIDDEN, steering=OK, leader=OK)
@login_required
def call_export(request, pk, kind):
    call = get_call_for_user(request, pk)
    if not _staff(request, call):
        raise PermissionDenied(_("Bare prosjektledelsen og styringsgruppen kan eksportere."))
    rows = (
        Application.objects.filter(call=call)
        .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        .annotate(
            score=Avg(
                F("reviews__recruitment_need")
                + F("reviews__supervision_arrangement")
                + F("reviews__list_solution")
                + F("reviews__centre")
                + F("reviews__substitute_solution")
            )
        )
        .order_by("municipality__number")
        .values_list(
            "municipality__number",
            "municipality__name",
            "status",
            "submitted_at",
            "posts_requested",
            "list_solution",
            "list_length",
            "centre__name",
            "score",
            "recommendation",
            "posts_granted",
            "conditions",
        )
    )
    labels = dict(Application.Status.choices)

    def cells(row):
        row = list(row)
        row[2] = str(labels.get(row[2], row[2]))
        row[3] = timezone.localtime(row[3]).strftime("%Y-%m-%d %H:%M") if row[3] else ""
        row[8] = round(float(row[8]), 1) if row[8] is not None else ""
        return ["" if v is None else v for v in row]

    filename = f"soknader-utlysning-{call.pk}.{kind}"
    if kind == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Søknader"))
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append(cells(row))
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        workbook.save(response)
    elif kind == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(cells(row) for row in rows)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
