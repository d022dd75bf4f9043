"""The ALIS's post evaluations for research: only for doctors with a consent in force right
now (research.followup.consenting_doctors, read at export time, so a withdrawal takes the
person out at once), keyed by the study's pseudonym, ratings and year only: the free text
"what would make you stay" can name people and places, so it never leaves the product.

One table of the export (research.export.build_tables)."""

from django.utils.translation import gettext_lazy as _

from supervision.models import RATING_FIELDS, PostEvaluation

from .followup import consenting_doctors
from .tables import Table

KEY = "stillingsevaluering"
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
    return Table(KEY, str(_("Evaluering av stillingen")), COLUMNS, sorted(rows))
