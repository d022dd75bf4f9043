"""How a user is related to a programme, a municipality or a placement: one meaning per
relation, for every app's rules. Read from the user's Access where it can answer; otherwise
one small query, through the object itself, so this module imports no model and every room
may stand on it.

A municipality's records count towards today's municipality it was merged into: a 2017
placement in "Odda" is managed by Ullensvang's health manager."""

from alisvest.roles import access_of


def leads_programme(user, programme_id):
    """A project leader of the programme (or a superuser)."""
    access = access_of(user)
    return access.superuser or programme_id in access.led_programmes


def leads_programme_of(user, obj):
    """A project leader of the programme a placement, doctor or scheme belongs to."""
    return leads_programme(user, obj.programme_id)


def is_alis_of(user, placement):
    """The ALIS placed in the post."""
    return user.is_authenticated and placement.doctor.user_id == user.pk


def supervises(user, placement):
    """Assigned as the placement's supervisor, now or earlier."""
    return placement.supervisor_assignments.filter(supervisor=user).exists()


def _managed_lineage(access, model):
    return model.objects.lineage_of(access.managed_municipalities)


def manages_municipality_of(user, placement):
    """The health manager of either municipality of the placement (a shared post has two)."""
    access = access_of(user)
    if access.superuser:
        return True
    if not access.managed_municipalities:
        return False
    municipality = placement._meta.get_field("municipality").related_model
    ids = {placement.municipality_id, placement.second_municipality_id} - {None}
    return _managed_lineage(access, municipality).filter(pk__in=ids).exists()


def manages_main_municipality_of(user, placement):
    """The health manager of the placement's main municipality, the one that employs the
    ALIS and reports the expenses (a superuser is not a manager)."""
    access = access_of(user)
    if not access.managed_municipalities:
        return False
    municipality = placement._meta.get_field("municipality").related_model
    lineage = _managed_lineage(access, municipality).values_list("pk", flat=True)
    return placement.municipality_id in set(lineage)


def administers_municipality(user, municipality):
    """Its health manager, or a project leader of a programme it takes part in."""
    access = access_of(user)
    managed = access.managed_municipalities
    if access.superuser or municipality.pk in managed or municipality.merged_into_id in managed:
        return True
    return bool(access.led_programmes) and (
        type(municipality)
        .objects.in_programmes(access.led_programmes)
        .filter(pk=municipality.pk)
        .exists()
    )


def has_placement_in_managed(user, doctor):
    """The doctor has a placement in a municipality the user manages."""
    managed = access_of(user).managed_municipalities
    if not managed:
        return False
    municipality = doctor.placements.model._meta.get_field("municipality").related_model
    return doctor.placements.filter(
        municipality__in=municipality.objects.lineage_of(managed)
    ).exists()


def keeps_register(user):
    """Leads a programme or manages a municipality: keeps doctors and placements (no query)."""
    access = access_of(user)
    return access.superuser or bool(access.led_programmes or access.managed_municipalities)
