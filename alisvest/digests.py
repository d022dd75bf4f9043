"""Notices as a digest: a person chooses each event, a daily or a weekly digest (profile);
unset, their role decides. A notice for someone on a digest is held as a DigestItem, and the
beat jobs (alisvest.tasks.send_digests) send one e-mail per person with the items held."""

from .models import DigestItem, User
from .roles import Role

Frequency = User.EmailFrequency


def default_frequency(access):
    """Supervisors and ALIS log and confirm often: daily. Health managers: weekly. Others
    (project leaders, steering group, researchers) hear of each event at once."""
    if access.has(Role.SUPERVISOR) or access.has(Role.ALIS):
        return Frequency.DAILY
    if access.has(Role.MANAGER):
        return Frequency.WEEKLY
    return Frequency.EACH


def effective_frequency(user):
    return Frequency(user.email_frequency or default_frequency(user.access))


def on_digest(address):
    """The active user with this e-mail address if their notices go into a digest."""
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is not None and effective_frequency(user) != Frequency.EACH:
        return user
    return None


def hold(user, name, subject, url):
    """Keep the notice for the next digest; the same notice held twice is listed once."""
    item, _created = DigestItem.objects.get_or_create(
        user=user, name=name, url=url, sent_at=None, defaults={"subject": subject[:300]}
    )
    return item


def due(frequency):
    """People with held items whose digest this job sends: the weekly job those on weekly,
    the daily job everyone else (so items of someone who went back to each event still go
    out the next morning)."""
    weekly = Frequency(frequency) == Frequency.WEEKLY
    users = User.objects.filter(digest_items__sent_at=None, is_active=True).distinct()
    return [u for u in users if (effective_frequency(u) == Frequency.WEEKLY) == weekly]
