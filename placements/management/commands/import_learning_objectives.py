from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from placements.municipalities.models import Programme
from placements.plans.catalogue import ImportError_, import_objectives, parse_objectives


class Command(BaseCommand):
    help = (
        "Importerer læringsmål fra CSV (kolonnene code, group, text) til et program. "
        "Kan kjøres flere ganger: mål med samme kode oppdateres."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--program",
            dest="programme",
            help="Programmets slug (kan utelates når det bare finnes ett program).",
        )

    def handle(self, *args, file, programme=None, **options):
        if programme:
            found = Programme.objects.filter(slug=programme).first()
            if found is None:
                raise CommandError(f"Fant ikke programmet «{programme}».")
        else:
            programmes = list(Programme.objects.all()[:2])
            if len(programmes) != 1:
                raise CommandError("Oppgi programmet med --program <slug>.")
            found = programmes[0]
        try:
            rows = parse_objectives(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Kan ikke lese {file}: {error}") from error
        except ImportError_ as error:
            raise CommandError("Ingenting er importert:\n" + "\n".join(error.errors)) from error
        created, updated = import_objectives(found, rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"{found}: {created} nye og {updated} oppdaterte læringsmål ({len(rows)} i filen)."
            )
        )
