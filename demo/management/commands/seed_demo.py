from django.core.management.base import BaseCommand
from django.db import transaction

from demo import applications, funding, identity, national, placements, plans, research, supervision

# Each part seeds its own rows, in dependency order; every part may be run again.
PARTS = [placements, supervision, funding, research, applications, plans, identity]


class Command(BaseCommand):
    help = "Lager demodata for ALIS-VEST (kan kjøres flere ganger)."

    @transaction.atomic
    def handle(self, *args, **options):
        for part in PARTS:
            part.seed(self.stdout)
        national.seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demodata klar. Passord for alle: {placements.DEMO_PASSWORD}")
        )
        for email, _name, role in placements.USERS:
            self.stdout.write(f"  {role.label:<16} {email}")
