"""The ALIS's post evaluations for research: only for doctors with a consent in force right
now (research.followup.consenting_doctors, read at export time, so a withdrawal takes the
person out at once), keyed by the study's pseudonym, ratings and year only: the free text
"what would make you stay" can name people and places, so it never leaves the product.

A table in research.export's shape (export.Table); the export's list of tables is where
the lead wires it in beside the others."""

from django.utils.translation import gettext_lazy as _

from supervision.models import RATING_FIELDS, PostEvaluation

from .export import Table
from .followup import consenting_doctors

KEY = "stillingsevaluering"
TITLE = _("Evaluering av stillingen")
COLUMNS = ["pseudonym", "aar", "veiledning", "arbeidsmengde", "legesenter"]


def post_evaluation_table(study, doctors=None):
    """One row per consenting ALIS and year, in the study's programme."""
    doctors = consenting_doctors(study) if doctors is None else doctors
    answers = (
        PostEvaluation.objects.filter(
            placement__programme=study.programme, placement__doctor_id__in=list(doctors)
        )
        .values_list("placement__doctor_id", "year", *RATING_FIELDS)
        .order_by("year", "placement__doctor_id")
    )
    rows = [[doctors[doctor], year, *ratings] for doctor, year, *ratings in answers]
    return Table(KEY, str(TITLE), COLUMNS, sorted(rows))
