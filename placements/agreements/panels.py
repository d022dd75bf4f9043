"""The agreement's card on the placement page (settings.PANELS["placement"]): shown for a
placement on the national scheme, or one that has an agreement anyway."""

from . import services
from .models import Agreement


def placement_agreement(user, placement):
    agreement = Agreement.objects.filter(placement=placement).prefetch_related("versions").first()
    if agreement is None and not placement.programme.is_national:
        return {}
    current = agreement.current if agreement else None
    return {
        "agreement_card": {
            "agreement": agreement,
            "current": current,
            "changed": services.changed_fields(current, placement) if current else [],
        }
    }
