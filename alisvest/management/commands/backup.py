from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alisvest.backup import backup, default_name, remove_old


class Command(BaseCommand):
    help = (
        "Sikkerhetskopi av databasen (pg_dump) og alle lagrede filer i én .tar-fil, kryptert "
        "når BACKUP_ENCRYPTION_KEY er satt (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Filnavn (standard: BACKUP_DIR/alisvest-TID.tar[.enc])"
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            help="Slett sikkerhetskopier i samme mappe som er eldre enn så mange dager (f.eks. 14)",
        )

    def handle(self, *args, output=None, keep_days=None, **options):
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days må være minst 1.")
        target = Path(output) if output else default_name()
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup(target)
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sikkerhetskopi skrevet til {target}: {len(manifest['tables'])} tabeller, "
                f"{rows} rader, {len(manifest['files'])} filer, {target.stat().st_size} byte."
            )
        )
        if keep_days is not None:
            for path in remove_old(target.parent, keep_days, keep={target}):
                self.stdout.write(f"Slettet gammel sikkerhetskopi {path}")
