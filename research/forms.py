from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import planning

ROWS = 6


class PlanningForm(forms.Form):
    """The model's inputs; one row per scenario, each with its own fixed-salary share."""

    population = forms.IntegerField(
        label=_("Innbyggere"), min_value=1, initial=planning.POPULATION_2017
    )
    current_gps = forms.IntegerField(
        label=_("Fastlegehjemler i dag"), min_value=0, initial=planning.CURRENT_GPS_2017
    )
    capitation = forms.DecimalField(
        label=_("Basistilskudd per innbygger per år (kr)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=planning.CAPITATION,
    )
    full_salary = forms.DecimalField(
        label=_("Full fastlønn, 100 % (kr)"),
        min_value=0,
        max_digits=10,
        decimal_places=0,
        initial=planning.FULL_SALARY,
    )
    capitation_income_percent = forms.DecimalField(
        label=_("Basistilskuddets andel av legens inntekt (%)"),
        min_value=Decimal("0.1"),
        max_value=100,
        max_digits=4,
        decimal_places=1,
        initial=30,
        help_text=_("Resten regnes som aktivitetsbasert inntekt fra staten (HELFO) og pasienter."),
    )

    net_activity_income = forms.BooleanField(
        label=_("Trekk fra aktivitetsinntekten kommunen beholder ved fastlønn"),
        required=False,
        help_text=_(
            "Ikke med i 2017-modellen. Beholdt inntekt per lege = fastlønnsandel × "
            "basistilskudd ÷ basistilskuddets andel × resten; den trekkes fra kommunens "
            "kostnad."
        ),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["kommune"] = forms.ModelChoiceField(
                label=_("Kommune"),
                queryset=municipalities,
                required=False,
                empty_label=_("Hele landet (tallene fra 2017)"),
                help_text=_("Innbyggere og fastlegehjemler hentes fra kommuneregisteret."),
            )
        defaults = planning.SCENARIOS_2017 + [(None, None)] * ROWS
        for i in range(ROWS):
            length, share = defaults[i]
            self.fields[f"list_length_{i}"] = forms.IntegerField(
                label=_("Listelengde, rad %(n)s") % {"n": i + 1},
                min_value=1,
                max_value=5000,
                required=False,
                initial=length,
            )
            self.fields[f"fixed_share_{i}"] = forms.DecimalField(
                label=_("Fastlønnsandel (%%), rad %(n)s") % {"n": i + 1},
                min_value=0,
                max_value=100,
                max_digits=4,
                decimal_places=1,
                required=False,
                initial=int(share * 100) if share is not None else None,
            )

    def scenario_fields(self):
        return [(self[f"list_length_{i}"], self[f"fixed_share_{i}"]) for i in range(ROWS)]

    def clean(self):
        cleaned = super().clean()
        for i in range(ROWS):
            length = cleaned.get(f"list_length_{i}")
            share = cleaned.get(f"fixed_share_{i}")
            if length and share is None:
                self.add_error(
                    f"fixed_share_{i}",
                    _("Fastlønnsandel må fylles ut når listelengde er fylt ut."),
                )
            if share is not None and not length and f"list_length_{i}" not in self.errors:
                self.add_error(
                    f"list_length_{i}",
                    _("Listelengde må fylles ut når fastlønnsandel er fylt ut."),
                )
        return cleaned

    def results(self):
        data = self.cleaned_data
        rows = []
        for i in range(ROWS):
            length = data.get(f"list_length_{i}")
            share = data.get(f"fixed_share_{i}")
            if not length or share is None:
                continue
            rows.append(
                {
                    "list_length": length,
                    "fixed_share": share,
                    **planning.gp_scenario(
                        population=data["population"],
                        current_gps=data["current_gps"],
                        list_length=length,
                        fixed_salary_share=share / 100,
                        capitation=data["capitation"],
                        full_salary=data["full_salary"],
                        capitation_income_share=data["capitation_income_percent"] / 100,
                        net_activity_income=data.get("net_activity_income", False),
                    ),
                }
            )
        return rows


# --- Studies, consent, interviews --------------------------------------------------------

from alisvest.models import ProgrammeUserObjectPermission, User  # noqa: E402
from alisvest.roles import Role  # noqa: E402
from placements.models import Doctor, Municipality, Placement, Programme  # noqa: E402

from .export import CODEBOOK, TABLES  # noqa: E402
from .models import Category, Consent, Interview, InterviewRound, Study  # noqa: E402


def participating(programme_id):
    """Municipalities of the programme, today's and those that took part before a merger."""
    return Municipality.objects.filter(
        Q(pk__in=Municipality.objects.in_programmes([programme_id]).values("pk"))
        | Q(participations__programme=programme_id)
    ).distinct()


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = [
            "programme",
            "name",
            "institution",
            "description",
            "started",
            "ended",
            "members",
            "retention_event",
            "small_cell_threshold",
            "k_anonymity",
        ]
        widgets = {
            "started": DATE,
            "ended": DATE,
            "description": forms.Textarea(attrs={"rows": 3, "cols": 20}),
            "members": forms.CheckboxSelectMultiple,
        }
        help_texts = {"members": _("Forskere i programmet som skal arbeide i studien.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = user.access
        programmes = (
            Programme.objects.all()
            if access.superuser
            else Programme.objects.filter(pk__in=access.led_programmes)
        )
        self.fields["programme"].queryset = programmes
        if self.instance.pk:
            self.fields["programme"].disabled = True
        researchers = User.objects.filter(groups__name=Role.RESEARCHER).distinct()
        if not access.superuser:
            researchers = researchers.filter(
                pk__in=ProgrammeUserObjectPermission.objects.filter(
                    content_object__in=programmes, permission__codename="research_programme"
                ).values("user")
            )
        self.fields["members"].queryset = researchers.order_by("name")


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["category", "doctor", "user", "name", "given_at", "method", "text_version"]
        widgets = {"given_at": DATETIME}

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.study = study
        self.fields["doctor"].queryset = Doctor.objects.filter(programme=study.programme)
        self.fields["user"].queryset = (
            User.objects.filter(groups__name__in=[Role.MANAGER, Role.SUPERVISOR])
            .distinct()
            .order_by("name")
        )
        self.fields["user"].help_text = _("Helseleder eller veileder.")
        self.fields["given_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class RoundForm(forms.ModelForm):
    """A round with its target count per informant category."""

    class Meta:
        model = InterviewRound
        fields = ["number", "label", "period_start", "period_end"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.study = study
        existing = {}
        if self.instance.pk:
            existing = dict(self.instance.targets.values_list("category", "target"))
        for value, label in Category.choices:
            self.fields[f"target_{value}"] = forms.IntegerField(
                label=_("Mål: %(category)s") % {"category": label},
                min_value=0,
                max_value=999,
                required=False,
                initial=existing.get(value),
            )

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)

    def targets(self):
        return {
            value: self.cleaned_data.get(f"target_{value}")
            for value in Category.values
            if self.cleaned_data.get(f"target_{value}")
        }


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["informant_code", "category", "municipality", "date"]
        widgets = {"date": DATE}

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.round = round
        self.fields["municipality"].queryset = participating(round.study.programme_id)

    def clean_informant_code(self):
        return self.cleaned_data["informant_code"].strip().upper()

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


def cutoff_field():
    return forms.DateField(
        label=_("Skjæringsdato for data"),
        required=False,
        widget=DATE,
        help_text=_("Oppfølgingen stopper her; den som fortsatt er i stilling, sensureres."),
    )


def clean_cutoff(form):
    """The data cut-off date: today when left empty, never in the future."""
    value = form.cleaned_data.get("skjaeringsdato")
    today = timezone.localdate()
    if value is None:
        return today
    if value > today:
        raise forms.ValidationError(_("Skjæringsdatoen kan ikke være etter i dag."))
    if value.year < 2000:
        raise forms.ValidationError(_("Skjæringsdatoen må være i år 2000 eller senere."))
    return value


class CutoffForm(forms.Form):
    """The stability page's choice of data cut-off date."""

    skjaeringsdato = cutoff_field()
    clean_skjaeringsdato = clean_cutoff

    def cutoff(self):
        if self.is_valid():
            return self.cleaned_data["skjaeringsdato"]
        return timezone.localdate()


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", _("Excel (alle tabeller)")), ("csv", _("CSV (én tabell)"))],
        initial="xlsx",
    )
    tabell = forms.ChoiceField(
        label=_("Tabell (for CSV)"),
        choices=[*TABLES.items(), (CODEBOOK, _("Kodebok (variabler i alle tabeller)"))],
        required=False,
    )
    fra_ar = forms.IntegerField(
        label=_("Startår fra"), min_value=2000, max_value=2100, required=False
    )
    til_ar = forms.IntegerField(
        label=_("Startår til"), min_value=2000, max_value=2100, required=False
    )
    avtaleform = forms.ChoiceField(
        label=_("Avtaleform"),
        choices=[("", _("Alle"))] + list(Placement.ContractType.choices),
        required=False,
    )
    skjaeringsdato = cutoff_field()
    clean_skjaeringsdato = clean_cutoff
    formaal = forms.CharField(
        label=_("Formål med uttrekket"),
        help_text=_("Hva dataene skal brukes til, for eksempel «artikkel om stabilitet, fase 1»."),
        max_length=500,
        error_messages={"required": _("Skriv hva uttrekket skal brukes til.")},
    )

    def clean_formaal(self):
        purpose = self.cleaned_data["formaal"].strip()
        if len(purpose) < 3:
            raise forms.ValidationError(_("Skriv hva uttrekket skal brukes til."))
        return purpose

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("fra_ar")
            and cleaned.get("til_ar")
            and cleaned["fra_ar"] > cleaned["til_ar"]
        ):
            self.add_error("til_ar", _("«Startår til» kan ikke være før «startår fra»."))
        return cleaned

    def filters(self):
        """The export's filters as they are logged; the cut-off date always."""
        filters = {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("format", "formaal") and value not in (None, "")
        }
        filters["skjaeringsdato"] = self.cleaned_data["skjaeringsdato"].isoformat()
        return filters


# --- Survey waves: the forms live in survey_forms; named here as before ---------------------

from .survey_forms import AddressForm, QuestionForm, RecipientsForm, WaveForm  # noqa: E402, F401
