"""GET /api/v1/placements/{id}/portfolio.pdf: the portfolio made at once through the same
sections as the background job, with the placement's scope (outside it, 404). Here, not on
the placements viewset, because placements stands below supervision."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from alisvest.access import NOT_FOUND, OK, access
from placements.models import Placement

from . import portfolio


class PortfolioPdfView(APIView):
    access = access(NOT_FOUND, alis=OK, own_manager=OK, steering=OK, leader=OK, office=OK)

    @extend_schema(
        operation_id="placements_portfolio_pdf",
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
        summary="The placement's portfolio (PDF) in the ALIS's language",
    )
    def get(self, request, pk):
        get_object_or_404(Placement.objects.for_user(request.user), pk=pk)
        placement = portfolio.placement_for_portfolio(pk)
        content = portfolio.render_portfolio(placement)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="portefolje-{placement.pk}.pdf"'
        return response
