"""The pseudonymised research export: consenting people only, keyed by the study's HMAC
pseudonym, with no names, e-mails, HPR numbers, exact dates or free text, and every
aggregate cell under 3 shown as "<3". Consent is read at export time, so a withdrawal
takes the person out of every later export at once."""

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.spreadsheets import append_row, csv_writer
from placements.models import Placement
from supervision.models import SupervisionSession

from .followup import RETAINED, consenting_doctors, later_posts, phases, record_of, spell
from .models import ExportLog, Question, SurveyResponse

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


def month(day):
    return f"{day:%Y-%m}" if day else ""


def _placements(study, filters, doctors):
    placements = Placement.objects.filter(programme=study.programme, doctor__in=list(doctors))
    if filters.get("fra_ar"):
        placements = placements.filter(start__year__gte=filters["fra_ar"])
    if filters.get("til_ar"):
        placements = placements.filter(start__year__lte=filters["til_ar"])
    if filters.get("avtaleform"):
        placements = placements.filter(contract_type=filters["avtaleform"])
    return placements.select_related("municipality__merged_into").order_by("start", "pk")


def _spells(study, placements, cutoff):
    """{placement id: Spell} under the study's event: the same follow-up as the curves."""
    placements = list(placements)
    phase_of, later = phases(study), later_posts(placements)
    event = study.retention_event
    return {p.pk: spell(record_of(p, "", phase_of, later), event, cutoff) for p in placements}


def placement_table(study, placements, doctors, spells):
    phase_of = phases(study)
    rows = []
    for p in placements:
        today = p.municipality.current
        followed = spells[p.pk]
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
                month(p.actual_end) if not followed.in_post_at_cutoff else "",
                round(followed.months, 2),
                int(followed.event),
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
            "oppfolging_maaneder",
            "hendelse",
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


def departure_table(placements, doctors, spells):
    rows = []
    for p in placements.filter(actual_end__isnull=False):
        followed = spells[p.pk]
        if followed.in_post_at_cutoff:
            continue  # ended after the cut-off: not yet known at the cut-off date
        rows.append(
            [
                doctors[p.doctor_id],
                month(p.actual_end),
                round(followed.months, 2),
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


def aggregate_table(placements, spells):
    counts = Counter()
    for p in placements:
        followed = spells[p.pk]
        status = "i_stilling" if followed.in_post_at_cutoff else "sluttet"
        counts[("avtaleform_status", f"{p.contract_type}/{status}")] += 1
        counts[("startaar", str(p.start.year))] += 1
        if p.actual_end and not followed.in_post_at_cutoff:
            counts[("sluttaarsak", p.end_reason)] += 1
            counts[("gikk_til", p.destination or "ukjent")] += 1
    rows = [[group, value, suppress(n)] for (group, value), n in sorted(counts.items())]
    return Table("aggregater", str(TABLES["aggregater"]), ["gruppe", "verdi", "antall"], rows)


def build_tables(study, filters):
    doctors = consenting_doctors(study)
    cutoff = date.fromisoformat(filters.get("skjaeringsdato") or timezone.localdate().isoformat())
    placements = _placements(study, filters, doctors).filter(start__lte=cutoff)
    spells = _spells(study, placements, cutoff)
    return doctors, [
        placement_table(study, placements, doctors, spells),
        supervision_table(placements, doctors),
        departure_table(placements, doctors, spells),
        survey_table(study),
        aggregate_table(placements, spells),
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
