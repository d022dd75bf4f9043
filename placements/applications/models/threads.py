"""The questions the project leaders ask about an application ("more information") and the
municipality's answers: a thread kept on the application after each resubmission."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from placements.applications.models.applications import Application
from placements.applications.models.decisions import ScopedByApplication


class InfoRequestQuerySet(ScopedByApplication):
    def open(self):
        """The questions still waiting for the municipality's answer."""
        return self.filter(answered_at__isnull=True)

    def latest_open(self):
        """The latest question still open (the municipality answers it when resubmitting)."""
        return self.open().order_by("asked_at", "pk").last()


class InfoRequest(models.Model):
    """One question from a project leader; the answer comes with the resubmission."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("søknad"),
        on_delete=models.CASCADE,
        related_name="info_requests",
    )
    question = models.TextField(_("spørsmål"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("spurt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("spurt"), default=timezone.now)
    answer = models.TextField(_("svar"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvart av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    history = HistoricalRecords()

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("spørsmål til kommunen")
        verbose_name_plural = _("spørsmål til kommunen")
        ordering = ["application", "asked_at", "pk"]

    def __str__(self):
        return self.question[:60]

    def keep_answer(self, text):
        """The answer as typed so far, kept with the question until the resubmission."""
        text = str(text or "").strip()
        if text != self.answer:
            self.answer = text
            self.save(update_fields=["answer"])
