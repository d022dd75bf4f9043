"""Generating, signing and amending ALIS agreements. Each state change is one function that
checks the rule, and django-simple-history records who did it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alisvest.access import require
from alisvest.uploads import safe_filename
from placements.register.models import SupervisorAssignment

from . import permissions
from .models import Agreement, AgreementSignature, AgreementVersion

# The fields drawn from the placement; a version whose values differ is out of date.
SNAPSHOT_FIELDS = (
    "municipality_name",
    "municipality_number",
    "shared_with",
    "alis_name",
    "alis_email",
    "programme_name",
    "centre_name",
    "contract_type",
    "position_percent",
    "start",
    "end",
    "supervisor_name",
    "education_plan",
)


def snapshot_of(placement):
    """The template's fields as the placement has them now."""
    current = (
        SupervisorAssignment.objects.current()
        .filter(placement=placement)
        .select_related("supervisor")
        .order_by("-start")
        .first()
    )
    plan = getattr(placement, "education_plan", None)
    return {
        "municipality_name": placement.municipality.name,
        "municipality_number": placement.municipality.number,
        "shared_with": placement.second_municipality.name if placement.second_municipality else "",
        "alis_name": placement.doctor.name,
        "alis_email": placement.doctor.email,
        "programme_name": placement.programme.name,
        "centre_name": placement.centre.name,
        "contract_type": placement.contract_type,
        "position_percent": placement.position_percent,
        "start": placement.start,
        "end": placement.end,
        "supervisor_name": current.supervisor.name or current.supervisor.email if current else "",
        "education_plan": plan.pk if plan else None,
    }


def is_outdated(version, placement):
    """The placement changed since this version was drawn from it."""
    fresh = snapshot_of(placement)
    return any(getattr(version, name) != fresh[name] for name in SNAPSHOT_FIELDS)


def changed_fields(version, placement):
    fresh = snapshot_of(placement)
    return [
        AgreementVersion._meta.get_field(name).verbose_name
        for name in SNAPSHOT_FIELDS
        if getattr(version, name) != fresh[name]
    ]


def generate(placement, *, by, organisation_number=""):
    """The agreement's next version, drawn from the placement, by someone who may."""
    require(permissions.can_manage_agreement(by, placement))
    return draw_version(placement, by=by, organisation_number=organisation_number)


@transaction.atomic
def draw_version(placement, *, by, organisation_number=""):
    """An unsigned draft no one has signed yet is drawn again in place; anything signed,
    even by one party, stays as it is and the new text becomes the next version."""
    agreement, _created = Agreement.objects.select_for_update().get_or_create(placement=placement)
    latest = agreement.versions.order_by("-number").first()
    fields = {
        **snapshot_of(placement),
        "organisation_number": organisation_number,
        "language": placement.municipality.language,
        "created_by": by,
    }
    if latest and not latest.is_signed and not latest.signatures.exists():
        for name, value in fields.items():
            setattr(latest, name, value)
        latest.full_clean()
        latest.save()
        return latest
    unchanged = (
        latest
        and latest.is_signed
        and organisation_number == latest.organisation_number
        and not is_outdated(latest, placement)
    )
    if unchanged:
        raise ValidationError(
            _("Stillingen er ikke endret siden avtalen ble signert. Ingen ny versjon trengs.")
        )
    number = latest.number + 1 if latest else 1
    version = AgreementVersion(
        agreement=agreement, number=number, reference=f"{placement.pk}-{number}", **fields
    )
    version.full_clean()
    version.save()
    return version


def record_signature(version, *, party, name, role, signed_on, by):
    """One party's signature, recorded by someone who may."""
    require(permissions.can_sign(by, version))
    return add_signature(version, party=party, name=name, role=role, signed_on=signed_on, by=by)


@transaction.atomic
def add_signature(version, *, party, name, role, signed_on, by):
    """The second signature completes the version: it is signed on the later of the two
    dates, and so is the placement's agreement."""
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_signed:
        raise ValidationError(_("Denne versjonen er allerede signert av begge parter."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Signeringsdatoen kan ikke være fram i tid.")})
    if version.signatures.filter(party=party).exists():
        raise ValidationError({"party": _("Denne parten har allerede signert denne versjonen.")})
    signature = AgreementSignature(
        version=version, party=party, name=name, role=role, signed_on=signed_on, recorded_by=by
    )
    signature.full_clean()
    signature.save()
    dates = list(version.signatures.values_list("signed_on", flat=True))
    if len(dates) == len(AgreementSignature.Party.values):
        version.signed_on = max(dates)
        version.save(update_fields=["signed_on"])
        agreement = version.agreement
        agreement.signed_on = version.signed_on
        agreement.reference = version.reference
        agreement.save(update_fields=["signed_on", "reference"])
    return signature


@transaction.atomic
def attach_scan(version, upload, *, by):
    """The scanned paper original (already checked by the form: kind and size)."""
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    require(permissions.can_attach_scan(by, version))
    version.scan_name = safe_filename(upload.name)
    version.scan.save(version.scan_name, upload, save=False)
    version.save(update_fields=["scan", "scan_name"])
    return version
