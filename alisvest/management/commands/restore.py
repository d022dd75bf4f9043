from django.core.management.base import BaseCommand, CommandError

from alisvest.backup import BackupError, restore
from alisvest.backup_crypto import BackupDecryptionError


class Command(BaseCommand):
    help = (
        "Gjenoppretter en sikkerhetskopi fra `backup` (kryptert eller ikke) og sjekker den: "
        "sjekksummer for dump og filer, antall rader i hver tabell. Erstatter dataene i "
        "databasen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--into", help="DATABASE_URL til en annen database, f.eks. for å prøve en kopi"
        )
        parser.add_argument(
            "--media-into",
            help="Legg filene i denne mappen i stedet for i lagringen (sammen med --into)",
        )
        parser.add_argument("--yes", action="store_true", help="Ikke spør før dataene erstattes")

    def handle(self, *args, file, into=None, media_into=None, yes=False, **options):
        if not yes and not into:
            answer = input("Dette erstatter alle data i databasen. Skriv «ja» for å fortsette: ")
            if answer.strip().lower() != "ja":
                raise CommandError("Avbrutt: ingenting er endret.")
        try:
            manifest = restore(file, into=into, media_into=media_into)
        except (BackupError, BackupDecryptionError, ValueError) as error:
            raise CommandError(str(error)) from error
        tables = manifest.get("tables", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Gjenopprettet sikkerhetskopi fra {manifest['created']}: {len(tables)} "
                f"tabeller og {sum(tables.values())} rader stemmer, "
                f"{len(manifest.get('files', {}))} filer med riktig sjekksum."
            )
        )
