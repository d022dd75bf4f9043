import json

from django.core.management.base import BaseCommand, CommandError

from supervision.months import parse_month, previous_month
from supervision.services import run_monthly_check


class Command(BaseCommand):
    help = (
        "Kontrollerer individuell veiledning for en måned (standard: forrige måned), lagrer "
        "én rad per utdanningsstilling og varsler om underskudd én gang. Samme kode som den "
        "månedlige Celery-jobben."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="Måneden som ÅÅÅÅ-MM, f.eks. 2026-03.")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON.")

    def handle(self, *args, month=None, json=False, **options):
        try:
            first = parse_month(month) if month else previous_month()
        except ValueError as error:
            raise CommandError(str(error)) from error
        run = run_monthly_check(first)
        if json:
            self.stdout.write(_dumps(run.as_json()))
            return
        rows = list(run.rows())
        counts = dict.fromkeys(("ok", "deficit", "exempt"), 0)
        for row in rows:
            counts[row.status] += 1
        self.stdout.write(
            f"{first:%Y-%m}: {len(rows)} utdanningsstillinger – {counts['ok']} oppfylt, "
            f"{counts['deficit']} underskudd, {counts['exempt']} fritatt; "
            f"{len(run.claimed)} nye varsler."
        )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
