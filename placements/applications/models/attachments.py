"""Files a municipality attaches to its application: PDF, DOCX, ODT, PNG or JPEG, at most
10 MB, stored under a random name."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from alisvest.uploads import random_name
from placements.applications.models.applications import Application

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def attachment_path(instance, filename):
    # The stored name never comes from the user: no path tricks, no guessable names.

    return random_name(f"applications/{instance.application_id}")


class ApplicationAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        )
        ODT = "application/vnd.oasis.opendocument.text", "ODT"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    application = models.ForeignKey(
        Application,
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=100, choices=Kind.choices)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                name="placements_applicationattachment_max_size",
                condition=Q(size__lte=MAX_ATTACHMENT_BYTES),
                violation_error_message=_("Vedlegget kan være høyst 10 MB."),
            ),
            models.CheckConstraint(
                name="placements_applicationattachment_known_type",
                condition=Q(
                    content_type__in=[
                        "application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "application/vnd.oasis.opendocument.text",
                        "image/png",
                        "image/jpeg",
                    ]
                ),
                violation_error_message=_("Vedlegget må være PDF, DOCX, ODT, PNG eller JPEG."),
            ),
        ]

    def __str__(self):
        return self.name
