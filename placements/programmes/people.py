"""The people with a programme role (leaders, steering group, researchers), for its page."""

from alisvest.models import ProgrammeUserObjectPermission
from alisvest.roles import Role

CODENAMES = {
    "lead_programme": Role.PROJECT_LEADER,
    "steer_programme": Role.STEERING_GROUP,
    "research_programme": Role.RESEARCHER,
}


def people_of(programme):
    """[(role label, [user, …])] in the order of CODENAMES, one query."""
    rows = (
        ProgrammeUserObjectPermission.objects.filter(
            content_object=programme, permission__codename__in=CODENAMES
        )
        .select_related("user", "permission")
        .order_by("user__name")
    )
    found = {codename: [] for codename in CODENAMES}
    for row in rows:
        found[row.permission.codename].append(row.user)
    return [(CODENAMES[codename].label, users) for codename, users in found.items()]
