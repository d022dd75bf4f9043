"""The pseudonymised research export: consenting people only, keyed by the study's HMAC
pseudonym, with no names, e-mails, HPR numbers, exact dates or free text, and every
aggregate cell under 3 shown as "<3". Consent is read at export time, so a withdrawal
takes the person out of every later export at once."""

import io
from collections import Counter
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from alisvest.spreadsheets import append_row, csv_writer
from placements.models import Placement
from supervision.models import SupervisionSession

from . import codebook, disclosure
from .followup import (
    FIXED_SALARY,
    RETAINED,
    consenting_doctors,
    later_posts,
    phases,
    record_of,
    spell,
)
from .models import ExportLog, Question, SurveyResponse
from .post_evaluations import post_evaluation_table
from .tables import Table

TABLES = {
    "stillinger": _("Stillinger"),
    "veiledning": _("Veiledning per måned"),
    "avganger": _("Avganger"),
    "sporreundersokelse": _("Svar på spørreundersøkelser"),
    "stillingsevaluering": _("Evaluering av stillingen"),
    "aggregater": _("Aggregater"),
    "anonymisering": _("Anonymisering (k-anonymitet)"),
}
CODEBOOK = "kodebok"

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


PLACEMENT_COLUMNS = [
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
]
QUASI = [
    "kommunenummer",
    "sentralitet",
    "fase",
    "avtaleform",
    "start_maaned",
    "planlagt_slutt_maaned",
    "faktisk_slutt_maaned",
    "oppfolging_maaneder",
]
DATES = ["start_maaned", "planlagt_slutt_maaned", "faktisk_slutt_maaned", "slutt_maaned"]


def _band(width):
    return lambda months: "" if months == "" else int(float(months) // width * width)


def levels(county_of):
    """The generalisation steps, cumulative (docs/research-disclosure.md)."""
    dates_to = dict.fromkeys(DATES, disclosure.half_year)
    return [
        {"oppfolging_maaneder": _band(1)},
        {"kommunenummer": lambda n: county_of.get(n, n)},
        {**dates_to, "oppfolging_maaneder": _band(6)},
        {"avtaleform": contract_group_key, "fase": lambda _v: ""},
        {"kommunenummer": lambda _v: "region", "sentralitet": centrality_band},
        {**dict.fromkeys(DATES, disclosure.year_of), "oppfolging_maaneder": _band(12)},
    ]


LEVEL_NAMES = [
    _("Uendret (oppfølging i hele måneder)"),
    _("Kommune erstattet med fylke"),
    _("Måneder erstattet med halvår, oppfølging i halvår"),
    _("Avtaleform gruppert, fase fjernet"),
    _("Fylke erstattet med region, sentralitet i to grupper"),
    _("Halvår erstattet med år, oppfølging i hele år"),
]


def contract_group_key(contract_type):
    if contract_type == Placement.ContractType.SELF_EMPLOYED:
        return "naeringsdrift"
    return "fastlonn" if contract_type in FIXED_SALARY else "annet"


def centrality_band(value):
    return "" if value == "" else ("1-3" if int(value) <= 3 else "4-6")


def placement_rows(study, placements, doctors, spells):
    phase_of = phases(study)
    rows = []
    for p in placements:
        today = p.municipality.current
        followed = spells[p.pk]
        values = [
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
        rows.append(dict(zip(PLACEMENT_COLUMNS, values, strict=True)))
    return rows


def placement_table(rows):
    return Table(
        "stillinger",
        str(TABLES["stillinger"]),
        PLACEMENT_COLUMNS,
        [[r[c] for c in PLACEMENT_COLUMNS] for r in rows],
    )


def anonymise(study, placements, doctors, spells):
    """(k-anonymous placement rows, the level's generalisations, report table)."""
    county_of = {p.municipality.current.number: p.municipality.current.county for p in placements}
    steps = levels(county_of)
    rows, level, dropped = disclosure.k_anonymise(
        placement_rows(study, placements, doctors, spells), QUASI, steps, study.k_anonymity
    )
    report = [
        ["k", study.k_anonymity],
        ["kvasiidentifikatorer", ", ".join(QUASI)],
        ["generalisering", " + ".join(str(n) for n in LEVEL_NAMES[: level + 1])],
        ["nivaa", level],
        ["rader_fjernet", dropped],
    ]
    applied = {}
    for step in steps[: level + 1]:
        applied.update({c: f for c, f in step.items() if c in DATES})
    table = Table("anonymisering", str(TABLES["anonymisering"]), ["egenskap", "verdi"], report)
    return rows, applied, table


def supervision_table(placements, doctors, kept, dates):
    """Minutes per person and month (half-year or year when the placement table had to
    be generalised that far), for the people left in the k-anonymous table."""
    totals = (
        SupervisionSession.objects.filter(placement__in=placements.values("pk"))
        .exclude(status=SupervisionSession.Status.DISPUTED)
        .annotate(month=TruncMonth("date"))
        .values("placement__doctor_id", "month", "kind")
        .annotate(minutes=Sum("minutes"), sessions=Count("pk"))
        .order_by("placement__doctor_id", "month", "kind")
    )
    by_month = {}
    period = dates.get("start_maaned", lambda m: m)
    for row in totals:
        if doctors[row["placement__doctor_id"]] not in kept:
            continue
        key = (doctors[row["placement__doctor_id"]], period(month(row["month"])))
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


def departure_table(placements, doctors, spells, kept, dates):
    """Departures of the people left in the k-anonymous table, their end month and time
    in post generalised as far as the placement table's."""
    rows = []
    end_month = dates.get("slutt_maaned", lambda m: m)
    for p in placements.filter(actual_end__isnull=False):
        followed = spells[p.pk]
        if followed.in_post_at_cutoff or doctors[p.doctor_id] not in kept:
            continue  # ended after the cut-off, or dropped for k-anonymity
        rows.append(
            [
                doctors[p.doctor_id],
                end_month(month(p.actual_end)),
                int(followed.months // 6 * 6) if dates else round(followed.months),
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


SURVEY_COLUMNS = [
    "aar",
    "undersokelse",
    "versjon",
    "kommunenummer",
    "rolle",
    "respondent",
    "sporsmal",
    "sporsmal_versjon",
    "sporsmal_tekst",
    "type",
    "svar",
]


def _survey_levels(county_of):
    """Municipality, then county, then the whole region, then no role: the first level at
    which every (wave, place, role) has k respondents is used for the whole table."""
    return [
        {},
        {"kommunenummer": lambda n: county_of.get(n, n)},
        {"kommunenummer": lambda n: "region" if n else ""},
        {"rolle": lambda _v: ""},
    ]


def survey_respondents(study):
    """[(response, place row)]: one row per respondent, its place generalised until every
    combination of wave, place and role holds the study's k respondents (the others are
    dropped), so a small municipality's one respondent cannot be picked out."""
    responses = list(
        SurveyResponse.objects.filter(wave__study=study)
        .select_related("wave", "municipality__merged_into")
        .order_by("wave__opens_at", "municipality__number", "pk")
    )
    county_of, rows = {}, []
    for response in responses:
        place = response.municipality.current if response.municipality else None
        if place is not None:
            county_of[place.number] = place.county
        rows.append(
            {
                "pk": response.pk,
                "undersokelse": response.wave_id,
                "kommunenummer": place.number if place else "",
                "rolle": response.role,
            }
        )
    kept, _level, _dropped = disclosure.k_anonymise(
        rows, ["undersokelse", "kommunenummer", "rolle"], _survey_levels(county_of),
        study.k_anonymity,
    )  # fmt: skip
    # Numbered after generalising, in its order: a number says nothing about the place.
    kept.sort(key=lambda r: (r["undersokelse"], r["kommunenummer"], r["rolle"], r["pk"]))
    place_of = {r["pk"]: {**r, "nr": n} for n, r in enumerate(kept, start=1)}
    return [(r, place_of[r.pk]) for r in responses if r.pk in place_of]


def survey_table(study):
    """Answers to number and choice questions, one row per answer, with the questionnaire
    version answered and the question's text in that version (a changed question is a new
    key, so the codebook lists both). Text answers are free text: never exported. The
    respondent is a number within the export, never the invitation, name or address."""
    questions = {
        q.key: q
        for q in Question.objects.filter(wave__study=study).exclude(kind=Question.Kind.TEXT)
    }
    rows = []
    for response, place in survey_respondents(study):
        for key, value in sorted(response.answers.items()):
            question = questions.get(key)
            if question is None:
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                rows.append(
                    [
                        f"{response.wave.opens_at:%Y}",
                        response.wave_id,
                        response.version,
                        place["kommunenummer"],
                        place["rolle"],
                        place["nr"],
                        key,
                        question.since_version,
                        question.text,
                        question.kind,
                        v,
                    ]
                )
    return Table("sporreundersokelse", str(TABLES["sporreundersokelse"]), SURVEY_COLUMNS, rows)


def aggregate_cells(placements, spells):
    """({(group, value): count}, lines): contract type × status with its margins, start
    year, and end reason and destination of those whose post ended, each with its total."""
    values = Counter()
    for p in placements:
        followed = spells[p.pk]
        status = "i_stilling" if followed.in_post_at_cutoff else "sluttet"
        values[("avtaleform_status", f"{p.contract_type}/{status}")] += 1
        values[("avtaleform", p.contract_type)] += 1
        values[("status", status)] += 1
        values[("startaar", str(p.start.year))] += 1
        values[("alle", "alle")] += 1
        if p.actual_end and not followed.in_post_at_cutoff:
            values[("sluttaarsak", p.end_reason)] += 1
            values[("gikk_til", p.destination or "ukjent")] += 1
            values[("avganger", "alle")] += 1
    of = {}
    for cell in values:
        of.setdefault(cell[0], []).append(cell)
    grand, cells = ("alle", "alle"), of.get("avtaleform_status", [])
    lines = [(of.get("avtaleform", []), grand), (of.get("status", []), grand)]
    lines += [(of.get("startaar", []), grand)]
    lines += [(of.get(g, []), ("avganger", "alle")) for g in ("sluttaarsak", "gikk_til")]
    for contract in of.get("avtaleform", []):
        lines.append(([c for c in cells if c[1].split("/")[0] == contract[1]], contract))
    for status in of.get("status", []):
        lines.append(([c for c in cells if c[1].split("/")[1] == status[1]], status))
    return dict(values), lines


def aggregate_table(study, placements, spells):
    values, lines = aggregate_cells(placements, spells)
    threshold = study.small_cell_threshold
    published = disclosure.shown(values, disclosure.protect(values, lines, threshold), threshold)
    rows = [[group, value, n] for (group, value), n in sorted(published.items())]
    return Table("aggregater", str(TABLES["aggregater"]), ["gruppe", "verdi", "antall"], rows)


def build_tables(study, filters):
    doctors = consenting_doctors(study)
    cutoff = date.fromisoformat(filters.get("skjaeringsdato") or timezone.localdate().isoformat())
    placements = _placements(study, filters, doctors).filter(start__lte=cutoff)
    spells = _spells(study, placements, cutoff)
    rows, dates, report = anonymise(study, placements, doctors, spells)
    kept = {r["pseudonym"] for r in rows}
    tables = [
        placement_table(rows),
        supervision_table(placements, doctors, kept, dates),
        departure_table(placements, doctors, spells, kept, dates),
        survey_table(study),
        post_evaluation_table(study, doctors),
        aggregate_table(study, placements, spells),
        report,
    ]
    return doctors, [codebook.declare(t) for t in tables]


def codebook_rows(study, tables):
    """The data dictionary of `tables`, with a row per exported survey question."""
    questions = (
        Question.objects.filter(wave__study=study)
        .exclude(kind=Question.Kind.TEXT)
        .order_by("wave__opens_at", "position", "pk")
    )
    return codebook.rows([t for t in tables if t.key != CODEBOOK], questions)


def codebook_table(study, tables):
    return Table(CODEBOOK, str(_("Kodebok")), codebook.HEADER, codebook_rows(study, tables))


def chosen_tables(study, filters, fmt):
    """(doctors, tables): every table and the codebook for a workbook; the one table asked
    for (or the codebook of all of them) otherwise."""
    doctors, tables = build_tables(study, filters)
    book = codebook_table(study, tables)
    if fmt == "xlsx":
        return doctors, [*tables, book]
    wanted = filters.get("tabell") or "stillinger"
    return doctors, [book] if wanted == CODEBOOK else [t for t in tables if t.key == wanted]


def log_export(study, user, fmt, filters, purpose, doctors, tables):
    """Who exported, why, and exactly which variables of which tables left the system."""
    return ExportLog.objects.create(
        study=study,
        user=user,
        format=fmt,
        filters=filters,
        people=len(doctors),
        purpose=purpose,
        tables=[t.key for t in tables],
        variables={t.key: list(t.columns) for t in tables if t.key != CODEBOOK},
    )


def export(study, user, fmt, filters, purpose=""):
    """(filename, content type, bytes) of the export; the export is logged."""
    doctors, tables = chosen_tables(study, filters, fmt)
    log_export(study, user, fmt, filters, purpose, doctors, tables)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        return (
            f"uttrekk-{study.pk}-{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            workbook_bytes(tables),
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


def workbook_bytes(tables):
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(table.key[:31])
        append_row(sheet, table.columns)
        for row in table.rows:
            append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
