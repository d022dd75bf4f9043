import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from funding import services, tasks


class Command(BaseCommand):
    help = (
        "Utsteder årsoppgjør for tilskudd for et år: ett per deltakende kommune. Er året "
        "allerede utstedt, lages en ny versjon som erstatter den gamle (begge beholdes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Året oppgjøret gjelder.")
        parser.add_argument("--municipality", help="Bare denne kommunen (kommunenummer).")
        parser.add_argument("--json", action="store_true", help="Skriv oppgjørene som JSON.")
        parser.add_argument("--pdf-dir", help="Skriv PDF-ene til denne mappen.")

    def handle(self, *args, year, municipality=None, json=False, pdf_dir=None, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"Året må være mellom 2000 og 2100 (fikk {year}).")
        if municipality and not (municipality.isdigit() and len(municipality) == 4):
            raise CommandError(f"Kommunenummer er fire siffer (fikk «{municipality}»).")
        try:
            with transaction.atomic():
                issued = services.issue_statements(year, municipality_number=municipality)
        except services.NoData as error:
            raise CommandError(str(error)) from error
        statements = list(services.statements_with_lines([s.pk for s in issued]))
        if pdf_dir:
            directory = Path(pdf_dir)
            directory.mkdir(parents=True, exist_ok=True)
            for statement in statements:
                tasks.store_pdf(statement)
                with statement.pdf.open("rb") as handle:
                    (directory / statement.filename).write_bytes(handle.read())
        if json:
            self.stdout.write(
                _dumps([services.statement_json(s, list(s.lines.all())) for s in statements])
            )
            return
        for statement in statements:
            self.stdout.write(
                f"{statement.number}  {statement.municipality.number} "
                f"{statement.municipality.name:<24} tilskudd {statement.total_grant:>10} "
                f"egenandel {statement.total_own_share:>9} netto {statement.net:>10}"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(statements)} årsoppgjør for {year} er utstedt.")
        )


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
