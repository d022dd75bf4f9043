"""The placements app's URLs under one namespace, room by room."""

from placements.agreements import urls as agreements
from placements.applications import urls as applications
from placements.imports import urls as imports
from placements.municipalities import urls as municipalities
from placements.offices import urls as offices
from placements.plans import urls as plans
from placements.programmes import urls as programmes
from placements.register import urls as register

app_name = "placements"
urlpatterns = [
    *municipalities.urlpatterns,
    *programmes.urlpatterns,
    *imports.urlpatterns,
    *register.urlpatterns,
    *applications.urlpatterns,
    *plans.urlpatterns,
    *agreements.urlpatterns,
    *offices.urlpatterns,
]
