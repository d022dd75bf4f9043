import json

from django.core.management.base import BaseCommand, CommandError

from funding import claim_exports, claims
from funding.models import NationalClaim


class Command(BaseCommand):
    help = (
        "Viser kravene om tilskudd i den nasjonale ordningen for et år: ett per program og "
        "kommune. Et lagret krav vises som det er lagret; for kommuner uten krav vises det "
        "kravet som ville blitt laget nå. Skriver ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Året kravet gjelder.")
        parser.add_argument("--json", action="store_true", help="Skriv kravene som JSON.")

    def handle(self, *args, year, json=False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"Året må være mellom 2000 og 2100 (fikk {year}).")
        result = claims_for_year(year)
        if json:
            self.stdout.write(_dumps(result))
            return
        for claim in result:
            self.stdout.write(
                f"{claim['municipality_number']} {claim['municipality']:<24} "
                f"{claim['status']:<12} {len(claim['lines']):>3} linjer  sum {claim['total']:>10}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(result)} krav for {year}."))


def claims_for_year(year):
    """The current stored claim of each programme and municipality, else the draft."""
    stored = {
        (c.programme_id, c.municipality_id): c
        for c in NationalClaim.objects.current()
        .filter(year=year)
        .select_related("programme", "municipality")
        .prefetch_related("lines")
    }
    result = []
    for draft in claims.compute_claims(year):
        claim = stored.pop((draft.scheme.programme_id, draft.municipality.pk), None)
        result.append(
            claim_exports.stored_json(claim) if claim else claim_exports.draft_json(draft)
        )
    result += [claim_exports.stored_json(c) for c in stored.values()]
    return sorted(result, key=lambda c: (c["programme"], c["municipality"]))


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
