"""Interview rounds, their targets per category, and the interviews by informant code."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .studies import Category, Study


class InterviewRoundQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(study__in=Study.objects.for_user(user))


class InterviewRound(models.Model):
    study = models.ForeignKey(
        Study, verbose_name=_("studie"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("runde"))
    label = models.CharField(_("merknad"), max_length=200, blank=True)
    period_start = models.DateField(_("fra"))
    period_end = models.DateField(_("til"))
    history = HistoricalRecords()

    objects = InterviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervjurunde")
        verbose_name_plural = _("intervjurunder")
        ordering = ["study", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "number"],
                name="research_interviewround_unique_number",
                violation_error_message=_("Studien har allerede en runde med dette nummeret."),
            ),
            models.CheckConstraint(
                name="research_interviewround_end_after_start",
                condition=Q(period_end__gte=models.F("period_start")),
                violation_error_message=_("«Til» kan ikke være før «fra»."),
            ),
        ]

    def __str__(self):
        return _("Intervjurunde %(n)s") % {"n": self.number}


class RoundTarget(models.Model):
    round = models.ForeignKey(
        InterviewRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="targets"
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    target = models.PositiveSmallIntegerField(_("mål (antall intervju)"))

    class Meta:
        verbose_name = _("mål for intervjurunde")
        verbose_name_plural = _("mål for intervjurunder")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category"],
                name="research_roundtarget_unique_category",
                violation_error_message=_("Runden har allerede et mål for denne kategorien."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.target}"


class Interview(models.Model):
    """An interview, by a pseudonymous informant code. No names are stored."""

    round = models.ForeignKey(
        InterviewRound, verbose_name=_("runde"), on_delete=models.CASCADE, related_name="interviews"
    )
    informant_code = models.CharField(
        _("informantkode"),
        max_length=20,
        help_text=_("Pseudonym kode, for eksempel «HL-07». Aldri navn."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    municipality = models.ForeignKey(
        "placements.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("dato"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervju")
        verbose_name_plural = _("intervju")
        ordering = ["round", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "informant_code"],
                name="research_interview_unique_code",
                violation_error_message=_("Informantkoden er allerede brukt i denne runden."),
            ),
            models.CheckConstraint(
                name="research_interview_code_format",
                condition=Q(informant_code__regex=r"^[A-Za-z0-9-]{1,20}$"),
                violation_error_message=_(
                    "Informantkoden kan bare inneholde bokstaver uten mellomrom, tall og "
                    "bindestrek, for eksempel «HL-07»."
                ),
            ),
        ]

    def __str__(self):
        return self.informant_code

    def clean(self):
        if (
            self.round_id
            and self.date
            and not self.round.period_start <= self.date <= self.round.period_end
        ):
            raise ValidationError(
                {
                    "date": _("Datoen ligger utenfor rundens periode (%(a)s–%(b)s).")
                    % {
                        "a": f"{self.round.period_start:%d.%m.%Y}",
                        "b": f"{self.round.period_end:%d.%m.%Y}",
                    }
                }
            )
