"""The pseudonymised research export: consenting people only, keyed by the study's HMAC
pseudonym, with no names, e-mails, HPR numbers, exact dates or free text, and every
aggregate cell under 3 shown as "<3". Consent is read at export time, so a withdrawal
takes the person out of every later export at once."""

import io
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.spreadsheets import append_row, csv_writer
from placements.models import Participation, Placement
from supervision.models import SupervisionSession

from .models import Category, ExportLog, Question, SurveyResponse

SMALL = 3
SUPPRESSED = "<3"


def suppress(count):
    """A count as it may leave the product: cells under 3 are hidden."""
    return SUPPRESSED if count < SMALL else count


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list


TABLES = {
    "stillinger": _("Stillinger"),
    "veiledning": _("Veiledning per måned"),
    "avganger": _("Avganger"),
    "sporreundersokelse": _("Svar på spørreundersøkelser"),
    "aggregater": _("Aggregater"),
}

# Never in any export, whatever a future column list says; the tests check the file.
FORBIDDEN_COLUMNS = {"name", "navn", "email", "e-post", "hpr", "hpr_number", "birth_date"}
RETAINED = {Placement.Destination.OWN_LIST_SAME, Placement.Destination.OTHER_MUNICIPAL_POST}


def month(day):
    return f"{day:%Y-%m}" if day else ""


def consenting_doctors(study):
    """{doctor id: pseudonym} of ALIS with a consent in force right now."""
    ids = study.consents.active().filter(category=Category.ALIS).values_list("doctor_id", flat=True)
    return {pk: study.pseudonym(f"doctor:{pk}") for pk in ids}


def _placements(study, filters, doctors):
    placements = Placement.objects.filter(programme=study.programme, doctor__in=list(doctors))
    if filters.get("fra_ar"):
        placements = placements.filter(start__year__gte=filters["fra_ar"])
    if filters.get("til_ar"):
        placements = placements.filter(start__year__lte=filters["til_ar"])
    if filters.get("avtaleform"):
        placements = placements.filter(contract_type=filters["avtaleform"])
    return placements.select_related("municipality__merged_into").order_by("start", "pk")


def phases(study):
    """{municipality id: phase}, for the municipality that took part and for today's."""
    phase_of = {}
    for municipality, merged_into, phase in Participation.objects.filter(
        programme=study.programme
    ).values_list("municipality_id", "municipality__merged_into_id", "phase"):
        phase_of[municipality] = phase
        if merged_into:
            phase_of.setdefault(merged_into, phase)
    return phase_of


def placement_table(study, placements, doctors):
    phase_of = phases(study)
    rows = []
    for p in placements:
        today = p.municipality.current
        rows.append(
            [
                doctors[p.doctor_id],
                today.number,
                today.centrality or "",
                phase_of.get(p.municipality_id) or phase_of.get(today.pk) or "",
                p.contract_type,
                p.position_percent,
                p.list_length,
                p.other_work_percent,
                month(p.start),
                month(p.planned_end),
                month(p.actual_end),
            ]
        )
    return Table(
        "stillinger",
        str(TABLES["stillinger"]),
        [
            "pseudonym",
            "kommunenummer",
            "sentralitet",
            "fase",
            "avtaleform",
            "stillingsprosent",
            "listelengde",
            "annet_kommunalt_prosent",
            "start_maaned",
            "planlagt_slutt_maaned",
            "faktisk_slutt_maaned",
        ],
        rows,
    )


def supervision_table(placements, doctors):
    totals = (
        SupervisionSession.objects.filter(placement__in=placements.values("pk"))
        .exclude(status=SupervisionSession.Status.DISPUTED)
        .annotate(month=TruncMonth("date"))
        .values("placement__doctor_id", "month", "kind")
        .annotate(minutes=Sum("minutes"), sessions=Count("pk"))
        .order_by("placement__doctor_id", "month", "kind")
    )
    by_month = {}
    for row in totals:
        key = (doctors[row["placement__doctor_id"]], month(row["month"]))
        entry = by_month.setdefault(key, {"individuell": 0, "annet": 0, "sessions": 0})
        entry[row["kind"]] = entry.get(row["kind"], 0) + row["minutes"]
        entry["sessions"] += row["sessions"]
    rows = [
        [pseudonym, m, e["individuell"], e["annet"], e["sessions"]]
        for (pseudonym, m), e in sorted(by_month.items())
    ]
    return Table(
        "veiledning",
        str(TABLES["veiledning"]),
        ["pseudonym", "maaned", "individuell_minutter", "annen_minutter", "timer_registrert"],
        rows,
    )


def departure_table(placements, doctors):
    rows = []
    for p in placements.filter(actual_end__isnull=False):
        months = (p.actual_end.year - p.start.year) * 12 + p.actual_end.month - p.start.month
        rows.append(
            [
                doctors[p.doctor_id],
                month(p.actual_end),
                months,
                p.end_reason,
                p.destination,
                "ja" if p.destination in RETAINED else "nei",
            ]
        )
    return Table(
        "avganger",
        str(TABLES["avganger"]),
        [
            "pseudonym",
            "slutt_maaned",
            "maaneder_i_stilling",
            "sluttaarsak",
            "gikk_til",
            "beholdt_i_kommunen",
        ],
        rows,
    )


def survey_table(study):
    """Answers to number and choice questions. Text answers are free text: never exported."""
    questions = {
        q.key: q
        for q in Question.objects.filter(wave__study=study).exclude(kind=Question.Kind.TEXT)
    }
    rows = []
    responses = SurveyResponse.objects.filter(wave__study=study).select_related(
        "wave", "municipality__merged_into"
    )
    for response in responses.order_by("wave__opens_at", "municipality__number"):
        for key, value in sorted(response.answers.items()):
            question = questions.get(key)
            if question is None:
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                rows.append(
                    [
                        f"{response.wave.opens_at:%Y}",
                        response.wave.pk,
                        response.municipality.current.number,
                        key,
                        question.kind,
                        v,
                    ]
                )
    return Table(
        "sporreundersokelse",
        str(TABLES["sporreundersokelse"]),
        ["aar", "undersokelse", "kommunenummer", "sporsmal", "type", "svar"],
        rows,
    )


def aggregate_table(placements):
    counts = Counter()
    today = timezone.localdate()
    for p in placements:
        status = "sluttet" if p.actual_end and p.actual_end <= today else "i_stilling"
        counts[("avtaleform_status", f"{p.contract_type}/{status}")] += 1
        counts[("startaar", str(p.start.year))] += 1
        if p.actual_end:
            counts[("sluttaarsak", p.end_reason)] += 1
            counts[("gikk_til", p.destination or "ukjent")] += 1
    rows = [[group, value, suppress(n)] for (group, value), n in sorted(counts.items())]
    return Table("aggregater", str(TABLES["aggregater"]), ["gruppe", "verdi", "antall"], rows)


def build_tables(study, filters):
    doctors = consenting_doctors(study)
    placements = _placements(study, filters, doctors)
    return doctors, [
        placement_table(study, placements, doctors),
        supervision_table(placements, doctors),
        departure_table(placements, doctors),
        survey_table(study),
        aggregate_table(placements),
    ]


def export(study, user, fmt, filters):
    """(filename, content type, bytes) of the export; the export is logged."""
    doctors, tables = build_tables(study, filters)
    if fmt == "csv":
        wanted = filters.get("tabell") or "stillinger"
        tables = [t for t in tables if t.key == wanted]
    ExportLog.objects.create(
        study=study, user=user, format=fmt, filters=filters, people=len(doctors)
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        for table in tables:
            sheet = workbook.create_sheet(table.key[:31])
            append_row(sheet, table.columns)
            for row in table.rows:
                append_row(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return (
            f"uttrekk-{study.pk}-{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            buffer.getvalue(),
        )
    [table] = tables
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv_writer(out)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return (
        f"uttrekk-{study.pk}-{table.key}-{stamp}.csv",
        "text/csv; charset=utf-8",
        out.getvalue().encode(),
    )
