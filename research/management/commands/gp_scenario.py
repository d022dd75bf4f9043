import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from research import planning


def _decimal(value):
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise CommandError(f"Ikke et tall: {value}") from error


class Command(BaseCommand):
    help = "Planleggingsmodellen: hvor mange fastleger, og hva koster de (én listelengde)."

    def add_arguments(self, parser):
        parser.add_argument("--population", type=int, default=planning.POPULATION_2017)
        parser.add_argument("--current-gps", type=int, default=planning.CURRENT_GPS_2017)
        parser.add_argument("--list-length", type=int, required=True)
        parser.add_argument("--fixed-salary-share", type=_decimal, required=True)
        parser.add_argument("--capitation", type=_decimal, default=Decimal(planning.CAPITATION))
        parser.add_argument("--full-salary", type=_decimal, default=Decimal(planning.FULL_SALARY))
        parser.add_argument(
            "--capitation-income-share",
            type=_decimal,
            default=planning.CAPITATION_INCOME_SHARE,
        )
        parser.add_argument("--json", action="store_true", help="Skriv ett JSON-objekt.")

    def handle(self, *args, **options):
        try:
            result = planning.gp_scenario(
                population=options["population"],
                current_gps=options["current_gps"],
                list_length=options["list_length"],
                fixed_salary_share=options["fixed_salary_share"],
                capitation=options["capitation"],
                full_salary=options["full_salary"],
                capitation_income_share=options["capitation_income_share"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            self.stdout.write(f"{key:<24} {value:>16,}".replace(",", " "))
