"""ALIS agreements for a national-scheme programme's placements: every one signed by both
parties on the placement's first day, except the newest, left waiting for signatures so the
health manager's task and the office's dashboard have something to show."""

from django.utils import timezone

from alisvest.models import User
from placements.agreements import services
from placements.models import AgreementSignature, Placement

SIGNER = "leder@demo.alisvest.no"


def seed(programme, stdout=None):
    by = User.objects.get(email=SIGNER)
    placements = list(
        Placement.objects.filter(programme=programme, agreement__isnull=True)
        .select_related("doctor", "municipality", "second_municipality", "centre", "programme")
        .order_by("start", "pk")
    )
    for index, placement in enumerate(placements):
        version = services.draw_version(placement, by=by)
        if index < len(placements) - 1:
            _sign(version, placement, by)
    if stdout:
        stdout.write(f"  {len(placements)} ALIS-avtaler for {programme.name}")


def _sign(version, placement, by):
    signed_on = min(placement.start, timezone.localdate())
    parties = [
        (AgreementSignature.Party.MUNICIPALITY, "Kommunalsjef for helse", "Kommunalsjef"),
        (AgreementSignature.Party.ALIS, placement.doctor.name, "ALIS"),
    ]
    for party, name, role in parties:
        services.add_signature(
            version, party=party, name=name, role=role, signed_on=signed_on, by=by
        )
