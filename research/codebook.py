"""The data dictionary that goes with every export: per table and column the variable's
label in Norwegian and English, its type, its values and how it is derived. Each export
table declares its variables here; a column without an entry fails the tests
(tests/research/test_codebook.py), so nothing leaves the system undescribed.

A survey table may add one row per question and version (question_variables): the
answers of two versions of a question are two variables, each listed with its own text."""

from dataclasses import dataclass

from placements.models import Placement

HEADER = ["tabell", "variabel", "etikett_nb", "label_en", "type", "verdier", "avledning"]

TEXT, INTEGER, DECIMAL, CATEGORY, MONTH, FLAG = (
    "tekst", "heltall", "desimaltall", "kategori", "maaned", "0/1",
)  # fmt: skip
PERIOD = (
    "ÅÅÅÅ-MM; ÅÅÅÅ-H1/H2 eller ÅÅÅÅ når tabellen måtte generaliseres (se tabellen anonymisering)"
)


def choices(field_choices):
    return "; ".join(f"{value} = {label}" for value, label in field_choices)


@dataclass(frozen=True)
class Variable:
    name: str
    label_nb: str
    label_en: str
    type: str
    values: object = ""  # text, or a function returning it (labels in the reader's language)
    derivation: str = ""

    def row(self, table):
        values = self.values() if callable(self.values) else self.values
        return [table, self.name, self.label_nb, self.label_en, self.type, str(values),
                self.derivation]  # fmt: skip


def V(*args, **kwargs):  # noqa: N802 - reads as a table below
    return Variable(*args, **kwargs)


PSEUDONYM = V(
    "pseudonym", "Pseudonym for personen", "Pseudonym of the person", TEXT, "P- og 12 tegn",
    "HMAC-SHA256 av personen under studiens hemmelige nøkkel; stabil i studien, ulik mellom "
    "studier. Bare personer med gjeldende samtykke på uttrekkstidspunktet.",
)  # fmt: skip
MUNICIPALITY = V(
    "kommunenummer", "Kommunenummer (dagens)", "Municipality number (current)", TEXT,
    "4 sifre; fylke eller «region» når generalisert",
    "Dagens kommune etter sammenslåinger (Odda regnes til Ullensvang).",
)  # fmt: skip
CONTRACT = V(
    "avtaleform", "Avtaleform", "Contract type", CATEGORY,
    lambda: choices(Placement.ContractType.choices) + "; gruppert: fastlonn, naeringsdrift, annet",
    "Stillingens avtaleform; gruppert når tabellen måtte generaliseres.",
)  # fmt: skip

VARIABLES = {
    "stillinger": [
        PSEUDONYM,
        MUNICIPALITY,
        V(
            "sentralitet",
            "Sentralitetsklasse (SSB)",
            "Centrality class (Statistics Norway)",
            INTEGER,
            "1-6 (6 = minst sentral); «1-3»/«4-6» når generalisert",
            "SSBs sentralitetsindeks for dagens kommune.",
        ),
        V(
            "fase",
            "Fase i programmet",
            "Programme phase",
            INTEGER,
            "1, 2; tom når generalisert",
            "Fasen kommunen deltok i.",
        ),
        CONTRACT,
        V("stillingsprosent", "Stillingsprosent", "Position percent", INTEGER, "0-100"),
        V("listelengde", "Listelengde", "List length", INTEGER, "antall pasienter"),
        V(
            "annet_kommunalt_prosent",
            "Annet kommunalt legearbeid (%)",
            "Other municipal GP work (%)",
            INTEGER,
            "0-100",
        ),
        V(
            "start_maaned",
            "Startmåned",
            "Start month",
            MONTH,
            PERIOD,
            "Stillingens start; eksakte datoer eksporteres aldri.",
        ),
        V("planlagt_slutt_maaned", "Planlagt slutt", "Planned end", MONTH, PERIOD),
        V(
            "faktisk_slutt_maaned",
            "Faktisk slutt",
            "Actual end",
            MONTH,
            PERIOD,
            "Tom hvis personen fortsatt var i stillingen på skjæringsdatoen.",
        ),
        V(
            "oppfolging_maaneder",
            "Oppfølgingstid (måneder)",
            "Follow-up (months)",
            DECIMAL,
            "måneder; hele, halve eller hele år når generalisert",
            "Fra start til hendelse, slutt eller skjæringsdato (docs/research-retention.md).",
        ),
        V(
            "hendelse",
            "Hendelse",
            "Event",
            FLAG,
            "1 = hendelsen inntraff; 0 = sensurert",
            "Studiens hendelse i oppfølgingen (sluttet, forlot allmennpraksis, kommunen "
            "eller regionen).",
        ),
    ],
    "veiledning": [
        PSEUDONYM,
        V("maaned", "Måned", "Month", MONTH, PERIOD),
        V(
            "individuell_minutter",
            "Individuell veiledning (minutter)",
            "Individual supervision (minutes)",
            INTEGER,
            "minutter",
            "Sum registrerte minutter, unntatt bestridte timer.",
        ),
        V(
            "annen_minutter",
            "Annen veiledning (minutter)",
            "Other supervision (minutes)",
            INTEGER,
            "minutter",
            "Sum registrerte minutter av andre slag, unntatt bestridte.",
        ),
        V(
            "timer_registrert",
            "Antall registrerte veiledningstimer",
            "Sessions registered",
            INTEGER,
            "antall",
        ),
    ],
    "avganger": [
        PSEUDONYM,
        V("slutt_maaned", "Sluttmåned", "End month", MONTH, PERIOD),
        V(
            "maaneder_i_stilling",
            "Måneder i stillingen",
            "Months in post",
            INTEGER,
            "måneder",
            "Avrundet; i halvår når tabellen måtte generaliseres.",
        ),
        V(
            "sluttaarsak",
            "Sluttårsak",
            "Reason for leaving",
            CATEGORY,
            lambda: choices(Placement.EndReason.choices),
        ),
        V(
            "gikk_til",
            "Gikk til",
            "Destination",
            CATEGORY,
            lambda: choices(Placement.Destination.choices),
        ),
        V(
            "beholdt_i_kommunen",
            "Beholdt i kommunen",
            "Retained in the municipality",
            CATEGORY,
            "ja, nei",
            "ja når personen gikk til egen liste eller annen kommunal stilling i kommunen.",
        ),
    ],
    # The survey table's columns (research.export.survey_table); one row per question and
    # version comes from question_variables().
    "stillingsevaluering": [
        PSEUDONYM,
        V("aar", "År", "Year", INTEGER, "ÅÅÅÅ", "Året ALIS-en evaluerte stillingen."),
        V("veiledning", "Veiledningens kvalitet", "Quality of supervision", INTEGER, "1-5"),
        V("arbeidsmengde", "Arbeidsmengde", "Workload", INTEGER, "1-5"),
        V("legesenter", "Legesenteret", "The medical centre", INTEGER, "1-5"),
    ],
    "sporreundersokelse": [
        V("aar", "År", "Year", INTEGER, "ÅÅÅÅ", "Året undersøkelsen åpnet."),
        V("undersokelse", "Undersøkelse (nummer)", "Survey (number)", INTEGER, "løpenummer"),
        V(
            "kommunenummer",
            "Kommunenummer (dagens)",
            "Municipality number (current)",
            TEXT,
            "4 sifre",
        ),
        V(
            "sporsmal",
            "Spørsmål (nøkkel)",
            "Question (key)",
            TEXT,
            "se radene sporsmal=… under",
            "Fritekstsvar eksporteres aldri.",
        ),
        V(
            "versjon",
            "Versjon av spørreskjemaet",
            "Questionnaire version",
            INTEGER,
            "1, 2, …",
            "Versjonen respondenten svarte på; endres et spørsmål etter at svar finnes, blir "
            "skjemaet en ny versjon.",
        ),
        V(
            "rolle",
            "Respondentens rolle",
            "Respondent's role",
            CATEGORY,
            "kommune, alis, veileder, leder, annen, tom",
            "Tom når rollen er fjernet for at hver gruppe skal ha minst k respondenter.",
        ),
        V(
            "respondent",
            "Respondent (løpenummer i uttrekket)",
            "Respondent (running number in the export)",
            INTEGER,
            "1, 2, …",
            "Tildelt etter generaliseringen; aldri invitasjonen, navnet eller adressen.",
        ),
        V(
            "sporsmal_versjon",
            "Versjonen spørsmålet kom i",
            "Version the question was introduced in",
            INTEGER,
            "1, 2, …",
            "Et endret spørsmål er et nytt spørsmål (ny nøkkel) fra denne versjonen.",
        ),
        V(
            "sporsmal_tekst",
            "Spørsmålsteksten (bokmål)",
            "Question text (Norwegian Bokmål)",
            TEXT,
            "teksten slik den var i versjonen",
        ),
        V("type", "Spørsmålstype", "Question type", CATEGORY, "tall, ett_valg, flere_valg"),
        V(
            "svar",
            "Svar",
            "Answer",
            TEXT,
            "tall eller valgt alternativ",
            "Ett svar per rad; flere valg gir én rad per valgt alternativ.",
        ),
    ],
    "aggregater": [
        V(
            "gruppe",
            "Gruppe",
            "Group",
            CATEGORY,
            "avtaleform_status, avtaleform, status, startaar, sluttaarsak, gikk_til, "
            "avganger, alle",
        ),
        V("verdi", "Verdi", "Value", TEXT, "verdien i gruppen"),
        V(
            "antall",
            "Antall personer",
            "Number of people",
            TEXT,
            "heltall eller «<k»",
            "Celler under studiens minste viste celle vises som «<k», med sekundær prikking "
            "så summene ikke avslører dem.",
        ),
    ],
    "anonymisering": [
        V(
            "egenskap",
            "Egenskap",
            "Property",
            TEXT,
            "k, kvasiidentifikatorer, generalisering, nivaa, rader_fjernet",
        ),
        V("verdi", "Verdi", "Value", TEXT, "", "Hvordan radtabellene ble gjort k-anonyme."),
    ],
}
BY_NAME = {key: {v.name: v for v in variables} for key, variables in VARIABLES.items()}


def declare(table):
    """Fill the table's variables from its columns; a column with no entry is left out
    (missing() names it)."""
    known = BY_NAME.get(table.key, {})
    table.variables = [known[c] for c in table.columns if c in known]
    return table


def missing(tables):
    return [(t.key, c) for t in tables for c in t.columns if c not in BY_NAME.get(t.key, {})]


def question_variables(questions):
    """One variable per question and version: `questions` are objects (or dicts) with key,
    text, kind, choices and since_version, the questionnaire version it came in."""
    found = []
    for q in questions:
        get = q.get if isinstance(q, dict) else lambda name, q=q: getattr(q, name, None)
        version = get("since_version")
        name = f"sporsmal={get('key')}" + (f", versjon={version}" if version else "")
        found.append(
            V(
                name,
                get("text"),
                "",
                get("kind"),
                "; ".join(get("choices") or []),
                f"Svar på «{get('text')}»" + (f" (versjon {version})" if version else ""),
            )  # fmt: skip
        )
    return found


def rows(tables, questions=()):
    """The codebook: header and one row per exported column, then per survey question."""
    out = []
    for table in tables:
        declare(table)
        out += [v.row(table.key) for v in table.variables]
        if table.key == "sporreundersokelse":
            out += [v.row(table.key) for v in question_variables(questions)]
    return out
