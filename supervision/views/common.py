"""The supervision objects a request may see: outside the user's scope is a 404."""

from django.shortcuts import get_object_or_404

from placements.models import Placement

from ..models import SupervisionGroup, SupervisionSession


def get_placement_with_programme(request, pk):
    """A placement in the user's scope, with its doctor, municipality and programme."""
    return get_object_or_404(
        Placement.objects.for_user(request.user).select_related(
            "doctor", "municipality", "programme"
        ),
        pk=pk,
    )


def get_session_for_user(request, pk):
    return get_object_or_404(
        SupervisionSession.objects.for_user(request.user).select_related(
            "placement__doctor", "placement__municipality", "placement__programme", "supervisor"
        ),
        pk=pk,
    )


def get_group_for_user(request, pk):
    return get_object_or_404(
        SupervisionGroup.objects.for_user(request.user).select_related("leader", "programme"),
        pk=pk,
    )
