"""Where things are on supervision's pages, for links from e-mails and the to-do list."""

from django.urls import reverse


def month_path(placement_id, day):
    """The placement's supervision page at that month, where the ALIS confirms or disputes
    its sessions and the supervisor logs more."""
    path = reverse("supervision:placement", args=[placement_id])
    return f"{path}#month-{day:%Y-%m}"
