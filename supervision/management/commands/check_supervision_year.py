import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from supervision.models import YearlyCheck
from supervision.yearly import YearNotOver, run_yearly_check


class Command(BaseCommand):
    help = (
        "Årskontrollen (10,5-månedersregelen) for programmer med årsgjennomsnitt: lagrer én "
        "rad per utdanningsstilling for året (standard: året som er omme) og varsler om "
        "underskudd én gang. Samme kode som Celery-jobben 1. januar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Året, f.eks. 2025.")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON.")

    def handle(self, *args, year=None, json=False, **options):
        year = year or timezone.localdate().year - 1
        try:
            claimed = run_yearly_check(year)
        except YearNotOver as error:
            raise CommandError(str(error)) from error
        rows = YearlyCheck.objects.filter(year=year).order_by("placement_id")
        if json:
            self.stdout.write(_dumps([_as_json(row) for row in rows]))
            return
        deficits = sum(row.status == YearlyCheck.Status.DEFICIT for row in rows)
        self.stdout.write(
            f"{year}: {len(rows)} utdanningsstillinger – {len(rows) - deficits} oppfylt, "
            f"{deficits} underskudd; {len(claimed)} nye varsler."
        )


def _as_json(row):
    return {
        "placement_id": row.placement_id,
        "year": row.year,
        "eligible_days": row.eligible_days,
        "required_minutes": row.required_minutes,
        "logged_minutes": row.logged_minutes,
        "status": row.status,
    }


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
