"""Stability pages: charts on the page, in a PDF, and as SVG, PNG and CSV downloads. The
same figures everywhere; researchers get the suppressed, pseudonymised version."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import NOT_FOUND, OK, access
from alisvest.pdf import pdf_response
from alisvest.spreadsheets import csv_writer
from placements.models import Placement
from research import retention
from research.charts import horizontal_bars, month_bars, step_chart
from research.permissions import sees_names
from research.views.studies import get_study_for_user, get_study_with_names

FIGURES = ["km-kohort", "km-fase", "km-avtale", "i-stilling", "sluttarsaker", "gikk-til"]
FORMATS = {"svg", "png", "csv"}


def _measure(request):
    value = request.GET.get("mal", "stilling")
    return value if value in retention.MEASURES else "stilling"


def km_figure(rows, grouping, grouping_label, measure_label, measure, suppressed):
    """One Kaplan–Meier figure: the curves of one grouping, small groups hidden."""
    curves, hidden = retention.km_by(rows, grouping, measure, suppressed)
    note = ""
    if hidden:
        note = _("Skjult fordi gruppen har færre enn 3 personer: %(groups)s") % {
            "groups": ", ".join(hidden)
        }
    return {
        "chart": step_chart(
            _("Andel %(measure)s etter måneder, per %(grouping)s")
            % {"measure": measure_label, "grouping": grouping_label.lower()},
            curves,
            x_label=_("Måneder siden start"),
            y_label=_("Andel"),
            note=note,
        ),
        "template": "research/charts/step.svg",
        "columns": ["gruppe", "maaned", "andel"],
        "rows": [[c["label"], round(t, 2), round(s, 4)] for c in curves for t, s in c["points"]],
    }


def monthly_figure(rows, suppressed):
    monthly = retention.monthly_in_post(rows, suppressed=suppressed)
    return {
        "chart": month_bars(
            _("ALIS i stilling måned for måned"),
            monthly,
            y_label=_("Antall i stilling den første i måneden"),
            note=_("Grå: færre enn 3, skjult.") if suppressed else "",
        ),
        "template": "research/charts/bars.svg",
        "columns": ["maaned", "i_stilling"],
        "rows": [[f"{m:%Y-%m}", "<3" if n is None else n] for m, n in monthly],
    }


def breakdown_figure(rows, title, attribute, choices, suppressed):
    items = retention.breakdown(rows, attribute, choices, suppressed=suppressed)
    return {
        "chart": horizontal_bars(title, items),
        "template": "research/charts/hbars.svg",
        "columns": ["kategori", "antall"],
        "rows": [[label, n] for label, n in items],
    }


def build_figures(study, user, measure="stilling"):
    """{name: {"chart", "template", "columns", "rows"}} for every figure."""
    names = sees_names(user, study)
    suppressed = not names
    rows = retention.records(study, names)
    measure_label = retention.MEASURES[measure][0]
    figures = {}
    for grouping, (grouping_label, _key) in retention.GROUPINGS.items():
        figures[f"km-{grouping}"] = km_figure(
            rows, grouping, grouping_label, measure_label, measure, suppressed
        )
    figures["i-stilling"] = monthly_figure(rows, suppressed)
    for name, title, attribute, choices in (
        ("sluttarsaker", _("Hvorfor de sluttet"), "end_reason", Placement.EndReason.choices),
        ("gikk-til", _("Hvor de gikk"), "destination", Placement.Destination.choices),
    ):
        figures[name] = breakdown_figure(rows, title, attribute, choices, suppressed)
    return figures, retention.summary(rows, suppressed=suppressed), names


def svg_of(figure):
    return render_to_string(figure["template"], {"chart": figure["chart"]})


@access(NOT_FOUND, leader=OK)
@login_required
def retention_page(request, pk):
    study = get_study_for_user(request, pk)
    measure = _measure(request)
    figures, summary, names = build_figures(study, request.user, measure)
    return render(
        request,
        "research/retention.html",
        {
            "study": study,
            "figures": [
                {"name": name, "svg": svg_of(figures[name]), "chart": figures[name]["chart"]}
                for name in FIGURES
            ],
            "summary": summary,
            "sees_names": names,
            "measure": measure,
            "measures": [(k, v[0]) for k, v in retention.MEASURES.items()],
        },
    )


@access(NOT_FOUND, leader=OK)
@login_required
def retention_figure(request, pk, name, fmt):
    study = get_study_for_user(request, pk)
    if name not in FIGURES or fmt not in FORMATS:
        raise Http404
    measure = _measure(request)
    figure = build_figures(study, request.user, measure)[0][name]
    filename = f"{study.pk}-{name}-{measure}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv_writer(out)
        writer.writerow(figure["columns"])
        writer.writerows(figure["rows"])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "png":
        import cairosvg

        png = cairosvg.svg2png(bytestring=svg_of(figure).encode(), output_width=1440)
        response = HttpResponse(png, content_type="image/png")
    else:
        response = HttpResponse(svg_of(figure), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="stabilitet-{filename}"'
    return response


@access(NOT_FOUND, leader=OK)
@login_required
def retention_pdf(request, pk):
    study = get_study_for_user(request, pk)
    measure = _measure(request)
    figures, summary, names = build_figures(study, request.user, measure)
    return pdf_response(
        "research/retention_pdf.html",
        {
            "study": study,
            "figures": [
                {"svg": svg_of(figures[name]), "chart": figures[name]["chart"]} for name in FIGURES
            ],
            "summary": summary,
            "measure_label": retention.MEASURES[measure][0],
            "pseudonymised": not names,
            "today": timezone.localdate(),
        },
        f"stabilitet-{study.pk}.pdf",
    )


@access(NOT_FOUND, leader=OK)
@login_required
def retention_people(request, pk):
    """Who left, by name: project leaders only (404 for researchers)."""
    study = get_study_with_names(request, pk)
    rows = retention.records(study, names=True)
    return render(
        request,
        "research/retention_people.html",
        {"study": study, "rows": rows},
    )
