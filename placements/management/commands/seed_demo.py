from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app seeds its own part, in dependency order; an app without demo.py is skipped.
APPS = ["placements", "supervision", "funding", "research"]
# Further demo modules, by full path, seeded after the apps.
MODULES = ["placements.demo_applications", "placements.demo_plans"]


class Command(BaseCommand):
    help = "Lager demodata for ALIS-VEST (kan kjøres flere ganger)."

    @transaction.atomic
    def handle(self, *args, **options):
        for name in [f"{app}.demo" for app in APPS] + MODULES:
            try:
                demo = import_module(name)
            except ModuleNotFoundError:
                continue
            demo.seed(self.stdout)
        from placements.demo import DEMO_PASSWORD, USERS

        self.stdout.write(self.style.SUCCESS(f"Demodata klar. Passord for alle: {DEMO_PASSWORD}"))
        for email, _name, role in USERS:
            self.stdout.write(f"  {role.label:<16} {email}")
