import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def pid_digest(pid: str) -> str:
    """A keyed hash of the national identity number: it recognises the person at the next
    login, and the number itself is never stored. The key is a setting of its own, so a copy
    of the database alone cannot be searched for a known number."""
    if not settings.IDENTITY_PID_HASH_KEY:
        raise ImproperlyConfigured("Set OIDC_PID_HASH_KEY (or SECRET_KEY) for HelseID/ID-porten.")
    key = settings.IDENTITY_PID_HASH_KEY.encode()
    return hmac.new(key, pid.strip().encode(), hashlib.sha256).hexdigest()


class ExternalIdentityQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ExternalIdentity(models.Model):
    """A person's HelseID or ID-porten identity linked to their account (the history is
    the audit log's record of each link and unlink)."""

    class Provider(models.TextChoices):
        HELSEID = "helseid", "HelseID"
        IDPORTEN = "idporten", "ID-porten"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    provider = models.CharField(_("innloggingstjeneste"), max_length=20, choices=Provider.choices)
    pid_digest = models.CharField(max_length=64, editable=False)
    hpr_number = models.CharField(_("HPR-nummer"), max_length=9, blank=True)
    linked_at = models.DateTimeField(_("koblet"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("sist innlogget"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_login_at"])

    objects = ExternalIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("innloggingskobling")
        verbose_name_plural = _("innloggingskoblinger")
        ordering = ["provider"]
        constraints = [
            # One person is one account: the same identity never opens two.
            models.UniqueConstraint(
                fields=["provider", "pid_digest"], name="identity_externalidentity_one_account"
            ),
            models.UniqueConstraint(
                fields=["user", "provider"], name="identity_externalidentity_one_per_provider"
            ),
        ]

    def __str__(self):
        return f"{self.get_provider_display()} – {self.user}"
