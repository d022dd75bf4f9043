from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app seeds its own part, in dependency order; an app without demo.py is skipped.
APPS = ["placements", "supervision", "funding", "research"]


class Command(BaseCommand):
    help = "Lager demodata for ALIS-VEST (kan kjøres flere ganger)."

    @transaction.atomic
    def handle(self, *args, **options):
        for app in APPS:
            try:
                demo = import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            demo.seed(self.stdout)
        from placements.demo import DEMO_PASSWORD, USERS

        self.stdout.write(self.style.SUCCESS(f"Demodata klar. Passord for alle: {DEMO_PASSWORD}"))
        for email, _name, role in USERS:
            self.stdout.write(f"  {role.label:<16} {email}")
