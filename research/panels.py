"""Research's cards on pages of a lower floor (settings.PANELS)."""

from django.db.models import Count, Q
from django.urls import reverse

from .models import Study


def my_consents(user, *, placement):
    """The ALIS's own plan page (PANELS["my_plan"]): the studies following their programme,
    how many they consent to, and the page where they give or withdraw it (one query)."""
    doctor = placement.doctor_id
    counts = Study.objects.filter(programme=placement.programme_id).aggregate(
        studies=Count("pk", distinct=True),
        consenting=Count(
            "consents",
            filter=Q(consents__doctor=doctor, consents__withdrawn_at=None),
            distinct=True,
        ),
    )
    if not counts["studies"]:
        return {}
    return {"research_consents": {**counts, "url": reverse("research:my_consents")}}
