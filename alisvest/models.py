import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .roles import Access, Role


class UserManager(DjangoUserManager):
    def _create_user(self, email, password, **extra_fields):
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class EmailFrequency(models.TextChoices):
        """How often notices reach the person; blank means the default for their role
        (alisvest.digests.default_frequency)."""

        EACH = "each", _("Hver gang noe skjer")
        DAILY = "daily", _("Daglig oppsummering")
        WEEKLY = "weekly", _("Ukentlig oppsummering")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-post"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    email_frequency = models.CharField(
        _("varsler på e-post"), max_length=10, choices=EmailFrequency.choices, blank=True
    )
    language = models.CharField(
        _("språk"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Sidene og e-postene dine. Tomt: språket nettleseren ber om."),
    )
    # The calendar feed's address is an HMAC of the id and this (alisvest/calendar.py): a
    # new version is a new address, and the old one stops working.
    calendar_feed_version = models.PositiveIntegerField(_("kalenderadresse, versjon"), default=1)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]
    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # Saves that touch only these write no history row. Every login saves last_login alone
    # (update_last_login); simple_history recorded it as a change with nothing changed,
    # an empty line that pushed real changes off the audit page.
    UNAUDITED_FIELDS = frozenset({"last_login"})

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["name"]

    def __str__(self):
        return self.name or self.email

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is not None and set(fields) <= self.UNAUDITED_FIELDS:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    @cached_property
    def access(self):
        return Access.of(self)

    @cached_property
    def may_open_admin(self):
        """The admin lets in active staff but shows them only models they hold a permission
        for: a staff member without any (a project leader, by default) would find it empty."""
        if not (self.is_active and self.is_staff):
            return False
        return self.is_superuser or bool(self.get_all_permissions())


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def usable(self):
        return self.filter(revoked_at=None).filter(
            models.Q(expires_at=None) | models.Q(expires_at__gt=timezone.now())
        )


class ApiScope(models.TextChoices):
    """The API's parts, one per room (alisvest/authentication.py maps views to them)."""

    PLACEMENTS = "placements", _("Stillinger, register og søknader")
    SUPERVISION = "supervision", _("Veiledning")
    FUNDING = "funding", _("Økonomi")
    RESEARCH = "research", _("Forskning")
    TASKS = "tasks", _("Oppgaver")


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the raw token is shown once. It
    reaches what its owner may see, less what it is limited to: reading only, and the parts
    of the API in `scopes` (none chosen: every part)."""

    Scope = ApiScope

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    read_only = models.BooleanField(
        _("bare lesing"), default=False, help_text=_("Nøkkelen kan hente, ikke endre.")
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=ApiScope.choices),
        verbose_name=_("deler av API-et"),
        default=list,
        blank=True,
        help_text=_("Ingen valgt: alle delene du har tilgang til."),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scopes__contained_by=ApiScope.values),
                name="alisvest_apitoken_known_scopes",
                violation_error_message=_("Ukjent del av API-et."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name, days=365, *, read_only=False, scopes=()):
        raw = "alv_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[4:12],
            digest=_digest(raw),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
            read_only=read_only,
            scopes=sorted(set(scopes)),
        )
        return token, raw

    def scope_labels(self):
        return [self.Scope(scope).label for scope in self.scopes]

    @classmethod
    def find(cls, raw):
        return cls.objects.usable().select_related("user").filter(digest=_digest(raw)).first()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """No open sign-up: people join through an invitation that names their role and scope."""

    email = models.EmailField(_("e-post"))
    name = models.CharField(_("navn"), max_length=200)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    programme = models.ForeignKey(
        "placements.Programme",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    regional_office = models.ForeignKey(
        "placements.RegionalOffice",
        verbose_name=_("regionalt ALIS-kontor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    doctor = models.ForeignKey(
        "placements.Doctor",
        verbose_name=_("ALIS-lege"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("Når invitasjonen godtas, kobles brukerkontoen til denne legen."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The link's token is an HMAC of this nonce under SECRET_KEY, so the e-mail task can
    # rebuild the link from the invitation's id: the secret never travels through the broker,
    # and the database alone (the nonce and the digest) is not enough to forge it.
    nonce = models.CharField(max_length=64, blank=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="alisvest_invitation_manager_has_municipality",
                condition=~models.Q(role="manager") | models.Q(municipality__isnull=False),
            ),
            models.CheckConstraint(
                name="alisvest_invitation_programme_role_has_programme",
                condition=~models.Q(role__in=["project_leader", "steering_group", "researcher"])
                | models.Q(programme__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.get_role_display()})"

    @classmethod
    def find(cls, raw):
        return cls.objects.pending().filter(digest=_digest(raw)).first()

    @property
    def valid_days(self):
        return (self.expires_at - self.created_at).days

    def set_token(self):
        self.nonce = secrets.token_urlsafe(32)
        raw = self.raw_token()
        self.digest = _digest(raw)
        return raw

    def raw_token(self):
        return salted_hmac("alisvest.invitation", self.nonce, algorithm="sha256").hexdigest()


class DownloadLog(models.Model):
    """Every file the product hands out (exports, PDFs, attachments), whoever asked for it.
    Written by alisvest.middleware.LogDownloadsMiddleware, so no view can forget it."""

    user = models.ForeignKey(
        User, verbose_name=_("bruker"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    path = models.CharField(_("adresse"), max_length=1000)
    filename = models.CharField(_("filnavn"), max_length=255)
    content_type = models.CharField(_("filtype"), max_length=120)

    class Meta:
        verbose_name = _("nedlasting")
        verbose_name_plural = _("nedlastinger")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.filename} ({self.at:%d.%m.%Y %H:%M})"


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change that calls for
    it (the transactional outbox). alisvest.outbox sends it right after commit and, if the
    broker was unreachable then, the relay sends it once the broker is back."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("utgående jobb")
        verbose_name_plural = _("utgående jobber")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="alisvest_outbox_pending",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class DigestItem(models.Model):
    """A notice held back for a person's daily or weekly digest instead of sent at once
    (alisvest.emails.send). The digest job sends the pending ones and marks them sent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digest_items")
    name = models.CharField(max_length=100)  # the e-mail it replaces
    subject = models.CharField(max_length=300)
    url = models.URLField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("oppsummeringspunkt")
        verbose_name_plural = _("oppsummeringspunkter")
        ordering = ["created_at", "pk"]
        constraints = [
            # A notice delivered twice (at-least-once tasks) is listed once; the index also
            # serves the digest job's "pending for this person".
            models.UniqueConstraint(
                fields=["user", "name", "url"],
                condition=models.Q(sent_at__isnull=True),
                name="alisvest_digestitem_pending_once",
            )
        ]

    def __str__(self):
        return self.subject


# Direct foreign keys for guardian's object permissions: scope checks join, not scan. The
# tables keep their placements_ names; roles read them through the user (Access.of).
class ProgrammeUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("placements.Programme", on_delete=models.CASCADE)

    class Meta:
        db_table = "placements_programmeuserobjectpermission"


class MunicipalityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("placements.Municipality", on_delete=models.CASCADE)

    class Meta:
        db_table = "placements_municipalityuserobjectpermission"


class IdempotencyKey(models.Model):
    """Something that must happen once per key: a form submitted (`form:<uuid>` from its
    hidden field) or an e-mail sent (`email:<what>:<id>:<address>`). The unique key is the
    lock: a second insert waits for the first transaction and then fails. See
    alisvest/idempotency.py."""

    key = models.CharField(max_length=300, unique=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Where the first submission's response sent the user; a repeat is sent there too.
    location = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("engangsnøkkel")
        verbose_name_plural = _("engangsnøkler")

    def __str__(self):
        return self.key
