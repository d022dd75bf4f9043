"""State changes for programmes: created with a unique slug and its creator as project
leader (so the programme is never hidden from the one who made it), changed with history."""

from django.db import transaction
from django.utils.text import slugify

from alisvest.access import require
from alisvest.roles import Role, grant_role
from placements.municipalities.models import Programme

from . import permissions

# Paths under programmer/ that a slug must not shadow.
RESERVED = {"", "ny"}


def unique_slug(name, exclude=None):
    base = slugify(name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:40]
    base = base if base and base not in RESERVED else f"program-{base}".rstrip("-")
    taken = set(
        Programme.objects.filter(slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_programme(programme, *, by):
    require(permissions.can_create_programme(by))
    programme.slug = unique_slug(programme.name)
    programme._change_reason = "opprettet i nettleseren"
    programme.full_clean()
    programme.save()
    grant_role(by, Role.PROJECT_LEADER, programme)
    return programme


@transaction.atomic
def update_programme(programme, *, by):
    require(permissions.can_edit_programme(by, programme))
    programme.full_clean()
    programme.save()
    return programme
