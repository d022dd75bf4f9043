from django.core.management.base import BaseCommand, CommandError

from alisvest.backup import restore


class Command(BaseCommand):
    help = "Gjenoppretter en sikkerhetskopi fra `backup`. Erstatter dataene i databasen."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--into", help="DATABASE_URL til en annen database, f.eks. for å prøve en kopi"
        )
        parser.add_argument("--yes", action="store_true", help="Ikke spør før dataene erstattes")

    def handle(self, *args, file, into=None, yes=False, **options):
        if not yes and not into:
            answer = input("Dette erstatter alle data i databasen. Skriv «ja» for å fortsette: ")
            if answer.strip().lower() != "ja":
                raise CommandError("Avbrutt: ingenting er endret.")
        manifest = restore(file, into=into)
        self.stdout.write(
            self.style.SUCCESS(f"Gjenopprettet sikkerhetskopi fra {manifest['created']}.")
        )
