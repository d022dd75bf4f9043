from datetime import date

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import SCALES, SYNTHETIC_PASSWORD, generate


class Command(BaseCommand):
    help = (
        "Fyller en tom database med syntetiske data: small (noen kommuner, hundrevis av "
        "veiledningstimer, for tester) eller national (357 kommuner, 1 500 legesentre, "
        "5 000 utdanningsstillinger, om lag 1 million veiledningstimer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Referansedag (ÅÅÅÅ-MM-DD); samme frø og dag gir samme data. Standard: i dag.",
        )

    def handle(self, *args, scale, seed, today, **options):
        self.stdout.write(f"Genererer «{scale}» med frø {seed} …")
        try:
            generator = generate(scale, seed=seed, today=today, stdout=self.stdout)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"time={generator.elapsed:.1f}s peak_rss={generator.peak_rss_mib:.0f}MiB "
                f"(passord for alle syntetiske brukere: {SYNTHETIC_PASSWORD})"
            )
        )
