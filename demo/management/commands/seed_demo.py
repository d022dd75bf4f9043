from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    agreements,
    applications,
    assessments,
    claims,
    funding,
    identity,
    minutes,
    national,
    offices,
    placements,
    plans,
    research,
    reviews,
    supervision,
)

# Each part seeds its own rows, in dependency order; every part may be run again.
# Funding after research and applications: they add the posts (2019 cohorts) whose
# statements the demo settles.
PARTS = [
    placements,
    supervision,
    research,
    applications,
    funding,
    plans,
    minutes,
    assessments,
    reviews,
    identity,
]


class Command(BaseCommand):
    help = "Lager demodata for ALIS-VEST (kan kjøres flere ganger)."

    @transaction.atomic
    def handle(self, *args, **options):
        for part in PARTS:
            part.seed(self.stdout)
        # Today's national scheme beside the pilot: its programme, the ALIS agreements (one
        # left unsigned), the claims (2024 submitted, 2025 in preparation) and the regional
        # ALIS office that follows the municipalities of both.
        programme = national.seed()
        agreements.seed(programme, self.stdout)
        claims.seed(programme)
        offices.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demodata klar. Passord for alle: {placements.DEMO_PASSWORD}")
        )
        for email, _name, role in [*placements.USERS, *offices.USERS]:
            self.stdout.write(f"  {role.label:<22} {email}")
