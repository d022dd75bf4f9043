import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from funding import closing, runs, services, tasks
from funding.models import GrantScheme, GrantStatement


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
        parser.add_argument(
            "--early",
            default="",
            help="Utsted før rapporteringsfristen er ute; grunnen (lagres med kjøringen).",
        )

    def handle(self, *args, year, municipality=None, json=False, pdf_dir=None, **options):
        issued = self._issue(year, municipality, options.get("early", ""))
        statements = list(statements_with_lines([s.pk for s in issued]))
        if pdf_dir:
            directory = Path(pdf_dir)
            directory.mkdir(parents=True, exist_ok=True)
            for statement in statements:
                tasks.store_pdf(statement)
                with statement.pdf.open("rb") as handle:
                    (directory / statement.filename).write_bytes(handle.read())
        if json:
            self.stdout.write(_dumps([statement_json(s, list(s.lines.all())) for s in statements]))
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

    def _issue(self, year, municipality, early):
        """One run for the programmes with a scheme that year; a run started at the same
        time from the same statements is the one that counts, and nothing more is issued."""
        if not 2000 <= year <= 2100:
            raise CommandError(f"Året må være mellom 2000 og 2100 (fikk {year}).")
        if municipality and not (municipality.isdigit() and len(municipality) == 4):
            raise CommandError(f"Kommunenummer er fire siffer (fikk «{municipality}»).")
        programmes = set(GrantScheme.objects.valid_in(year).values_list("programme", flat=True))
        try:
            closing.check_year_ended(year)
            if not programmes:
                raise services.NoData(
                    f"Ingen tilskuddsordning gjelder for {year}. Ingenting er skrevet."
                )
            with transaction.atomic():
                run, created = runs.issue_run(
                    year,
                    by=None,
                    programmes=programmes,
                    municipality_number=municipality,
                    early=early,
                )
        except services.NoData as error:
            raise CommandError(str(error)) from error
        if not created:
            self.stdout.write(f"Kjøringen fra {run.started_at:%d.%m.%Y %H:%M} er den som gjelder.")
            return []
        return list(run.statements.all())


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)  # Decimal øre


def statement_json(statement, lines=None):
    lines = statement.lines.all() if lines is None else lines
    return {
        "number": statement.number,
        "version": statement.version,
        "municipality_number": statement.municipality.number,
        "municipality": statement.municipality.name,
        "year": statement.year,
        "lines": [
            {
                "placement_id": line.placement_id,
                "doctor": line.doctor_name,
                "period_start": line.period_start.isoformat(),
                "period_end": line.period_end.isoformat(),
                "days": line.days,
                "cap": line.cap,
                "expenses": line.expenses,
                "grant": line.grant,
                "own_share": line.own_share,
                "share_percent": float(line.share_percent),
            }
            for line in lines
        ],
        "total_grant": statement.total_grant,
        "total_own_share": statement.total_own_share,
        "net": statement.net,
    }


def statements_with_lines(ids):
    return (
        GrantStatement.objects.filter(pk__in=ids)
        .select_related("municipality", "programme", "scheme")
        .prefetch_related("lines")
        .order_by("programme", "municipality__name")
    )
