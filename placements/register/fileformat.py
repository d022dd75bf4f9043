"""The placement file: one set of columns for the register's export and the import template,
so an export can be corrected and imported back.

Column headers are part of the file format, so they are not translated: a file made from the
Norwegian template imports the same whatever language the importer's browser asks for."""

ID = "Stillings-ID"
HPR = "HPR-nummer"
NAME = "Navn på ALIS"
EMAIL = "E-post"
MUNICIPALITY = "Kommunenummer"
SECOND_MUNICIPALITY = "Delt med kommunenummer"
CENTRE = "Legesenter"
CONTRACT_TYPE = "Avtaleform"
POSITION_PERCENT = "Stillingsprosent"
LIST_LENGTH = "Listelengde"
OTHER_WORK_PERCENT = "Annet kommunalt arbeid (%)"
START = "Startdato"
PLANNED_END = "Planlagt slutt"
ACTUAL_END = "Faktisk slutt"
END_REASON = "Sluttårsak"
END_NOTE = "Merknad til slutt"
DESTINATION = "Gikk til"
# Shown in the export for the reader; the import reads the numbers and ignores these.
MUNICIPALITY_NAME = "Kommune"
COUNTY = "Fylke"

COLUMNS = [
    ID,
    HPR,
    NAME,
    EMAIL,
    MUNICIPALITY,
    SECOND_MUNICIPALITY,
    CENTRE,
    CONTRACT_TYPE,
    POSITION_PERCENT,
    LIST_LENGTH,
    OTHER_WORK_PERCENT,
    START,
    PLANNED_END,
    ACTUAL_END,
    END_REASON,
    END_NOTE,
    DESTINATION,
]
INFO_COLUMNS = [MUNICIPALITY_NAME, COUNTY]
EXPORT_COLUMNS = COLUMNS + INFO_COLUMNS
REQUIRED_COLUMNS = [HPR, MUNICIPALITY, CENTRE, START]


def _day(value):
    return value.strftime("%d.%m.%Y") if value else ""


def placement_row(p):
    """A placement (with doctor, municipalities and centre selected) as EXPORT_COLUMNS cells,
    written the way the import reads them: labels for choices, numbers for municipalities."""
    return [
        p.pk,
        p.doctor.hpr_number,
        p.doctor.name,
        p.doctor.email,
        p.municipality.number,
        p.second_municipality.number if p.second_municipality else "",
        p.centre.name,
        p.get_contract_type_display(),
        p.position_percent,
        p.list_length,
        p.other_work_percent,
        _day(p.start),
        _day(p.planned_end),
        _day(p.actual_end),
        p.get_end_reason_display(),
        p.end_note,
        p.get_destination_display(),
        p.municipality.name,
        p.municipality.county,
    ]
