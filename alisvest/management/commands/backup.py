from pathlib import Path

from django.core.management.base import BaseCommand

from alisvest.backup import backup, default_name


class Command(BaseCommand):
    help = "Sikkerhetskopi av databasen (pg_dump) og opplastede filer i én .tar-fil."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Filnavn (standard: var/backup/alisvest-TID.tar)")

    def handle(self, *args, output=None, **options):
        target = output or default_name()
        target_path = Path(target)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        backup(target_path)
        self.stdout.write(self.style.SUCCESS(f"Sikkerhetskopi skrevet til {target_path}"))
