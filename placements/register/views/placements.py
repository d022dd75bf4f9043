"""Placement register: the project leader's list with filters, counts and export, and the
placement page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import FORBIDDEN, NOT_FOUND, OK, access
from alisvest.idempotency import submitted_once
from alisvest.panels import panel_context
from alisvest.spreadsheets import append_row, csv_writer
from placements.municipalities.models import Municipality
from placements.register.fileformat import EXPORT_COLUMNS, placement_row
from placements.register.forms import PlacementForm
from placements.register.models import Placement
from placements.register.scope import get_placement_for_user
from placements.register.views.assignments import register_context
from placements.relations import administers_municipality, keeps_register

STATUS_ACTIVE = "aktiv"
STATUS_ENDED = "avsluttet"


def filter_placements(request):
    """The user's placements narrowed by the list's filters; returns (queryset, filters)."""
    placements = Placement.objects.for_user(request.user)
    filters = {
        "kommune": request.GET.get("kommune", "").strip(),
        "fylke": request.GET.get("fylke", "").strip(),
        "avtaleform": request.GET.get("avtaleform", "").strip(),
        "status": request.GET.get("status", "").strip(),
        "startar": request.GET.get("startar", "").strip(),
    }
    today = timezone.localdate()
    if filters["kommune"]:
        # Today's municipality and the former ones counting towards it (Bergen 4601 and 1201).
        lineage = Municipality.objects.lineage_of(
            Municipality.objects.filter(number=filters["kommune"]).values("pk")
        )
        placements = placements.filter(
            Q(municipality__in=lineage) | Q(second_municipality__in=lineage)
        )
    if filters["fylke"]:
        placements = placements.filter(municipality__county=filters["fylke"])
    if filters["avtaleform"] in Placement.ContractType.values:
        placements = placements.filter(contract_type=filters["avtaleform"])
    if filters["status"] == STATUS_ACTIVE:
        placements = placements.active(today)
    elif filters["status"] == STATUS_ENDED:
        placements = placements.filter(
            Q(actual_end__lt=today) | Q(actual_end__isnull=True, planned_end__lt=today)
        )
    if filters["startar"].isdigit():
        placements = placements.filter(start__year=int(filters["startar"]))
    return placements, filters


def filter_municipalities(scope):
    """(number, name) of today's municipalities the placements are in or shared with, each
    once: a former municipality (Bergen 1201, Odda) is listed as the one it counts towards
    today, so renumbered Bergen does not appear twice."""
    today = scope.annotate(
        first=Coalesce("municipality__merged_into", "municipality"),
        second=Coalesce("second_municipality__merged_into", "second_municipality"),
    )
    return (
        Municipality.objects.filter(
            Q(pk__in=today.values("first")) | Q(pk__in=today.values("second"))
        )
        .order_by("name")
        .values_list("number", "name")
    )


@access(OK)
@login_required
def placement_list(request):
    placements, filters = filter_placements(request)
    today = timezone.localdate()
    # One aggregate query for the counts on top.
    counts = placements.aggregate(
        total=Count("pk"),
        active=Count(
            "pk",
            filter=Q(start__lte=today)
            & (Q(actual_end__isnull=True, planned_end__gte=today) | Q(actual_end__gte=today)),
        ),
        ended=Count("pk", filter=Q(actual_end__isnull=False, actual_end__lt=today)),
        doctors=Count("doctor", distinct=True),
    )
    scope = Placement.objects.for_user(request.user)
    municipalities = filter_municipalities(scope)
    counties = (
        scope.order_by("municipality__county")
        .values_list("municipality__county", flat=True)
        .distinct()
    )
    years = [d.year for d in scope.dates("start", "year")]
    # 100 a page (a national register renders 5 000 rows otherwise); the total comes from
    # the counts above, so paging costs no extra COUNT query.
    paginator = Paginator(placements.for_table().order_by("municipality__name", "start", "pk"), 100)
    paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("side"))
    others = request.GET.copy()
    others.pop("side", None)
    return render(
        request,
        "placements/placement_list.html",
        {
            "placements": page,
            "page": page,
            "page_query": others.urlencode(),
            "filters": filters,
            "counts": counts,
            "municipalities": municipalities,
            "counties": counties,
            "years": years,
            "contract_types": Placement.ContractType.choices,
            "query": request.GET.urlencode(),
            "can_import": keeps_register(request.user),
        },
    )


def export_rows(placements):
    for p in placements.for_table().order_by("municipality__name", "start", "pk"):
        yield placement_row(p)


@access(OK)
@login_required
def placement_export(request, fmt):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    placements, _filters = filter_placements(request)
    # The import template's columns (not translated: they are the file format), so the
    # export can be corrected and imported back.
    header = EXPORT_COLUMNS
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Utdanningsstillinger"))
        append_row(sheet, header)
        for row in export_rows(placements):
            append_row(sheet, row)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="utdanningsstillinger.xlsx"'
        workbook.save(response)
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="utdanningsstillinger.csv"'
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv_writer(response)
    writer.writerow(header)
    writer.writerows(export_rows(placements))
    return response


@access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)
@login_required
def placement_detail(request, pk):

    placement = get_placement_for_user(request, pk)
    # Asked once; the register partials and the plan panel reuse the answer.
    can_edit = can_edit_placement(request.user, placement.municipality)
    context = {
        "placement": placement,
        "can_edit": can_edit,
        # ALIS and supervisors see the placement but not the municipality's page: no dead link.
        "can_see_municipality": request.user.access.is_programme_staff
        or Municipality.objects.for_user(request.user)
        .filter(pk=placement.municipality_id)
        .exists(),
    }
    context.update(register_context(request.user, placement, can_edit))
    context.update(panel_context("placement", request.user, placement=placement))
    # Corrections made on purpose (transfers, moved ends) with their reasons.
    context["changes"] = (
        placement.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .select_related("history_user")
        .order_by("-history_date")[:20]
        if can_edit
        else []
    )
    return render(request, "placements/placement_detail.html", context)


def can_edit_placement(user, municipality):
    return administers_municipality(user, municipality)


@access(FORBIDDEN, own_manager=OK, other_manager=OK, leader=OK, post={})
@login_required
@submitted_once
def placement_create(request):
    access = request.user.access
    if not (access.superuser or access.managed_municipalities or access.led_programmes):
        raise PermissionDenied(_("Bare helseledere og prosjektledere kan registrere stillinger."))
    initial = {"doctor": request.GET["doctor"]} if request.GET.get("doctor", "").isdigit() else {}
    form = PlacementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not can_edit_placement(request.user, form.cleaned_data["municipality"]):
            raise PermissionDenied(_("Du kan bare registrere stillinger i kommuner du forvalter."))
        placement = form.save()
        messages.success(request, _("Utdanningsstillingen er registrert."))
        return redirect("placements:placement_detail", pk=placement.pk)
    return render(request, "placements/placement_form.html", {"form": form, "placement": None})


@access(
    NOT_FOUND,
    alis=FORBIDDEN,
    own_manager=OK,
    steering=FORBIDDEN,
    leader=OK,
    post={},
    office=FORBIDDEN,
)
@login_required
def placement_edit(request, pk):
    placement = get_placement_for_user(request, pk)
    if not can_edit_placement(request.user, placement.municipality):
        raise PermissionDenied(
            _("Du har lesetilgang til denne stillingen, men kan ikke endre den.")
        )
    form = PlacementForm(request.POST or None, instance=placement, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Endringene er lagret."))
        return redirect("placements:placement_detail", pk=placement.pk)
    return render(request, "placements/placement_form.html", {"form": form, "placement": placement})
