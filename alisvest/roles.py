"""Who may act where. One Access is computed per user per request with a constant
number of queries; every for_user() queryset reads from it."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm


class Role(models.TextChoices):
    """What a person is. Where they may act comes from guardian object permissions
    (programme or municipality) and, for supervisors and ALIS, from their placements."""

    PROJECT_LEADER = "project_leader", gettext_lazy("Prosjektleder")
    STEERING_GROUP = "steering_group", gettext_lazy("Styringsgruppe")
    MANAGER = "manager", gettext_lazy("Helseleder")
    SUPERVISOR = "supervisor", gettext_lazy("Veileder")
    ALIS = "alis", gettext_lazy("ALIS")
    RESEARCHER = "researcher", gettext_lazy("Forsker")
    REGIONAL_OFFICE = "regional_office", gettext_lazy("Regionalt ALIS-kontor")

    @classmethod
    def programme_roles(cls):
        return {cls.PROJECT_LEADER, cls.STEERING_GROUP, cls.RESEARCHER}


# Object permission codename that places a role on a programme or municipality.
ROLE_PERMISSION = {
    Role.PROJECT_LEADER: "placements.lead_programme",
    Role.STEERING_GROUP: "placements.steer_programme",
    Role.RESEARCHER: "placements.research_programme",
    Role.MANAGER: "placements.manage_municipality",
}


def role_group(role: Role) -> Group:
    group, _created = Group.objects.get_or_create(name=role.value)
    return group


@dataclass(frozen=True)
class Access:
    roles: frozenset = frozenset()
    led_programmes: frozenset = frozenset()
    steered_programmes: frozenset = frozenset()
    researched_programmes: frozenset = frozenset()
    managed_municipalities: frozenset = frozenset()
    # Municipalities followed by the user's regional ALIS office(s): read-only, every programme.
    office_municipalities: frozenset = frozenset()
    superuser: bool = False
    _empty: bool = field(default=False, repr=False)

    @classmethod
    def of(cls, user):
        if not user.is_authenticated or not user.is_active:
            return cls(_empty=True)
        by_codename = {
            "lead_programme": set(),
            "steer_programme": set(),
            "research_programme": set(),
        }
        for codename, pk in user.programmeuserobjectpermission_set.values_list(
            "permission__codename", "content_object_id"
        ):
            by_codename.setdefault(codename, set()).add(pk)
        municipalities = frozenset(
            user.municipalityuserobjectpermission_set.filter(
                permission__codename="manage_municipality"
            ).values_list("content_object_id", flat=True)
        )
        roles = frozenset(
            Role(name) for name in user.groups.values_list("name", flat=True) if name in Role.values
        )
        return cls(
            roles=roles,
            led_programmes=frozenset(by_codename["lead_programme"]),
            steered_programmes=frozenset(by_codename["steer_programme"]),
            researched_programmes=frozenset(by_codename["research_programme"]),
            managed_municipalities=municipalities,
            office_municipalities=_followed_municipalities(user, roles),
            superuser=user.is_superuser,
        )

    @property
    def staff_programmes(self):
        """Programmes whose records this user may read in full (leaders and steering group)."""
        return self.led_programmes | self.steered_programmes

    @property
    def is_programme_staff(self):
        return bool(self.staff_programmes) or self.superuser

    @property
    def is_supervisor(self):
        return Role.SUPERVISOR in self.roles

    @property
    def sees_others_records(self):
        """Sees personal data of people other than themself (short idle sessions)."""
        return bool(
            self.is_programme_staff
            or self.researched_programmes
            or self.managed_municipalities
            or self.office_municipalities
            or self.is_supervisor
        )

    def has(self, role):
        return role in self.roles


def _followed_municipalities(user, roles):
    """Asked only of office members, so everyone else's requests keep their query count."""
    if Role.REGIONAL_OFFICE not in roles:
        return frozenset()
    followed = user.regional_offices.values_list("municipalities", flat=True)
    return frozenset(pk for pk in followed if pk is not None)


def access_of(user):
    """The Access of any user object, AnonymousUser included (schema generation, API)."""
    return getattr(user, "access", None) or Access(_empty=True)


@transaction.atomic
def grant_role(user, role, obj=None):
    """Make `user` a `role`, scoped to `obj` (a Programme or Municipality) where the role
    needs one."""
    role = Role(role)
    user.groups.add(role_group(role))
    if role == Role.REGIONAL_OFFICE:
        if obj is None:
            raise ValueError(f"{role} needs a regional office")
        obj.members.add(user)
    if role in ROLE_PERMISSION:
        if obj is None:
            raise ValueError(f"{role} needs a programme or municipality")
        assign_perm(ROLE_PERMISSION[role], user, obj)
    if role == Role.PROJECT_LEADER:
        user.is_staff = True  # the Django admin is the project leaders' back office
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("access", None)


def can_invite(user, role, programme=None, municipality=None):
    access = user.access
    if access.superuser:
        return True, ""
    if role == Role.REGIONAL_OFFICE and access.led_programmes:
        return True, ""  # an office follows municipalities across programmes
    if programme is not None and programme.pk in access.led_programmes:
        return True, ""
    if (
        role in {Role.MANAGER, Role.SUPERVISOR, Role.ALIS}
        and municipality is not None
        and municipality.pk in access.managed_municipalities
    ):
        return True, ""
    return False, _("Du kan ikke invitere til denne rollen her.")
