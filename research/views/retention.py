"""Stability pages: charts on the page, in a PDF, and as SVG, PNG and CSV downloads. The
same figures everywhere, from one analysis at one data cut-off date; researchers get the
suppressed, pseudonymised version."""

import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alisvest.access import NOT_FOUND, OK, access
from alisvest.pdf import pdf_response
from alisvest.spreadsheets import csv_writer
from placements.models import Placement
from research import retention, stability
from research.charts import horizontal_bars, month_bars, step_chart
from research.forms import CutoffForm
from research.models import Study
from research.permissions import sees_names
from research.views.studies import get_study_for_user, get_study_with_names

FIGURES = ["km-kohort", "km-fase", "km-avtale", "i-stilling", "sluttarsaker", "gikk-til"]
FORMATS = {"svg", "png", "csv"}


def km_figure(analysis, grouping):
    """One Kaplan–Meier figure: the curves of one grouping, small groups hidden."""
    result = analysis["groupings"][grouping]
    curves = [{**c, "label": retention.group_label(grouping, c["key"])} for c in result["curves"]]
    notes = []
    if result["hidden"]:
        notes.append(
            _(
                "Skjult fordi gruppen har færre enn %(k)s personer, eller fordi den ellers "
                "kunne regnes ut fra totalen: %(groups)s"
            )
            % {
                "k": analysis["threshold"],
                "groups": ", ".join(retention.group_label(grouping, g) for g in result["hidden"]),
            }
        )
    if result["logrank"]:
        notes.append(
            _("Log-rank-test: χ² = %(stat)s, frihetsgrader %(df)s, p = %(p)s")
            % {
                "stat": f"{result['logrank']['statistic']:.2f}",
                "df": result["logrank"]["df"],
                "p": f"{result['logrank']['p_value']:.3f}",
            }
        )
    event = Study.Event(analysis["event"]).label
    return {
        "chart": step_chart(
            _("Andel uten hendelsen «%(event)s», per %(grouping)s")
            % {"event": event, "grouping": str(retention.GROUPINGS[grouping][0]).lower()},
            curves,
            x_label=_("Måneder siden start"),
            y_label=_("Andel (95 % konfidensintervall)"),
            note=" ".join(notes),
            empty_text=_("Ingen grupper å vise."),
        ),
        "template": "research/charts/step.svg",
        "columns": ["gruppe", "maaned", "andel", "ki_nedre", "ki_ovre", "antall_fulgt"],
        "rows": [
            [c["label"], p["month"], p["survival"], p["ci_low"], p["ci_high"], p["at_risk"]]
            for c in curves
            for p in c["points"]
        ],
    }


def monthly_figure(analysis):
    monthly = [(date.fromisoformat(f"{m}-01"), n, e) for m, n, e in analysis["monthly"]]
    hidden = retention.hidden_mark(analysis["threshold"])
    note = ""
    if analysis["threshold"]:
        note = _("Grå: færre enn %(k)s, skjult.") % {"k": analysis["threshold"]}
    return {
        "chart": month_bars(
            _("ALIS i stilling måned for måned, til %(cutoff)s")
            % {"cutoff": date.fromisoformat(analysis["cutoff"]).strftime("%d.%m.%Y")},
            [(m, n) for m, n, _e in monthly],
            x_label=_("Måned"),
            y_label=_("Antall i stilling den første i måneden"),
            hidden_label=hidden,
            note=note,
        ),
        "template": "research/charts/bars.svg",
        "columns": ["maaned", "i_stilling", "hendelser"],
        "rows": [
            [f"{m:%Y-%m}", hidden if n is None else n, hidden if e is None else e]
            for m, n, e in monthly
        ],
    }


def breakdown_figure(analysis, key, title, choices):
    items = retention.breakdown_labels(analysis[key], choices)
    return {
        "chart": horizontal_bars(
            title, items, x_label=_("Antall ALIS"), empty_text=_("Ingen har sluttet.")
        ),
        "template": "research/charts/hbars.svg",
        "columns": ["kategori", "antall"],
        "rows": [[label, n] for label, n in items],
    }


def build_figures(analysis):
    """{name: {"chart", "template", "columns", "rows"}} for every figure."""
    figures = {f"km-{g}": km_figure(analysis, g) for g in retention.GROUPINGS}
    figures["i-stilling"] = monthly_figure(analysis)
    figures["sluttarsaker"] = breakdown_figure(
        analysis, "end_reasons", _("Hvorfor de sluttet"), Placement.EndReason.choices
    )
    figures["gikk-til"] = breakdown_figure(
        analysis, "destinations", _("Hvor de gikk"), Placement.Destination.choices
    )
    return figures


def svg_of(figure):
    return render_to_string(figure["template"], {"chart": figure["chart"]})


def _analysis(request, study):
    """(analysis, cut-off form, sees names) for the request's cut-off date."""
    form = CutoffForm(request.GET or None)
    names = sees_names(request.user, study)
    return stability.analysis(study, names, form.cutoff()), form, names


@access(NOT_FOUND, leader=OK)
@login_required
def retention_page(request, pk):
    study = get_study_for_user(request, pk)
    analysis, form, names = _analysis(request, study)
    figures = build_figures(analysis)
    return render(
        request,
        "research/retention.html",
        {
            "study": study,
            "figures": [
                {"name": name, "svg": svg_of(figures[name]), "chart": figures[name]["chart"]}
                for name in FIGURES
            ],
            "summary": analysis["summary"],
            "analysis": analysis,
            "event_label": study.get_retention_event_display(),
            "sees_names": names,
            "form": form,
            "query": request.GET.urlencode(),
        },
    )


def _file(figure, fmt):
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv_writer(out)
        writer.writerow(figure["columns"])
        writer.writerows(figure["rows"])
        return HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    if fmt == "png":
        import cairosvg

        png = cairosvg.svg2png(bytestring=svg_of(figure).encode(), output_width=1440)
        return HttpResponse(png, content_type="image/png")
    return HttpResponse(svg_of(figure), content_type="image/svg+xml")


@access(NOT_FOUND, leader=OK)
@login_required
def retention_figure(request, pk, name, fmt):
    study = get_study_for_user(request, pk)
    if name not in FIGURES or fmt not in FORMATS:
        raise Http404
    analysis, _form, _names = _analysis(request, study)
    response = _file(build_figures(analysis)[name], fmt)
    filename = f"{study.pk}-{name}-{analysis['cutoff']}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="stabilitet-{filename}"'
    return response


@access(NOT_FOUND, leader=OK)
@login_required
def retention_pdf(request, pk):
    study = get_study_for_user(request, pk)
    analysis, _form, names = _analysis(request, study)
    figures = build_figures(analysis)
    return pdf_response(
        "research/retention_pdf.html",
        {
            "study": study,
            "figures": [
                {"svg": svg_of(figures[name]), "chart": figures[name]["chart"]} for name in FIGURES
            ],
            "summary": analysis["summary"],
            "event_label": study.get_retention_event_display(),
            "pseudonymised": not names,
            "cutoff": date.fromisoformat(analysis["cutoff"]),
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
