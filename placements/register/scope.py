"""The register's objects as a request may see them: outside the user's scope is a 404."""

from django.shortcuts import get_object_or_404

from placements.register.models import Placement


def get_placement_for_user(request, pk):
    return get_object_or_404(Placement.objects.for_user(request.user).for_table(), pk=pk)
