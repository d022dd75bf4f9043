"""Django's admin finds placements' admin here; each room registers its own models."""

from placements.agreements import admin as agreements_admin  # noqa: F401
from placements.applications import admin as applications_admin  # noqa: F401
from placements.municipalities import admin as municipalities_admin  # noqa: F401
from placements.plans import admin as plans_admin  # noqa: F401
