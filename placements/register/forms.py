from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alisvest.forms import DATE_WIDGET
from alisvest.models import User
from alisvest.roles import Role
from placements.limits import LIST_LENGTH, POSITION_PERCENT, ask_to_confirm, check_unusual
from placements.municipalities.models import (
    MedicalCentre,
    Municipality,
    Programme,
)
from placements.register.models import Absence, Doctor, Placement, SupervisorAssignment
from placements.register.records import doctor_change_refusal
from placements.register.substitutes import SubstituteCover


def programmes_for_registering(user):
    """Programmes a user registers doctors and placements in: those they lead, and those
    their municipality (or a predecessor) takes part in."""
    access = user.access
    if access.superuser:
        return Programme.objects.order_by("started", "name")
    lineage = Municipality.objects.lineage_of(access.managed_municipalities)
    return (
        Programme.objects.filter(
            Q(pk__in=access.led_programmes) | Q(participations__municipality__in=lineage)
        )
        .distinct()
        .order_by("started", "name")
    )


class PlacementForm(forms.ModelForm):
    """Create or edit a placement; planned end defaults to start + 5 years."""

    class Meta:
        model = Placement
        fields = [
            "programme",
            "doctor",
            "municipality",
            "second_municipality",
            "centre",
            "contract_type",
            "position_percent",
            "list_length",
            "other_work_percent",
            "start",
            "planned_end",
            "actual_end",
            "end_reason",
            "end_note",
            "destination",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "actual_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_end"].required = False
        self.fields["planned_end"].help_text = _("Tom: startdato + 5 år.")
        self.fields["programme"].queryset = programmes_for_registering(user)
        programmes = list(self.fields["programme"].queryset[:2])
        if len(programmes) == 1 and not self.initial.get("programme"):
            self.initial["programme"] = programmes[0].pk
        self.fields["doctor"].queryset = Doctor.objects.for_user(user)
        municipalities = Municipality.objects.for_user(user).current().order_by("name")
        self.fields["municipality"].queryset = municipalities
        self.fields["second_municipality"].queryset = municipalities
        self.fields["centre"].queryset = (
            MedicalCentre.objects.for_user(user)
            .select_related("municipality")
            .order_by("municipality__name", "name")
        )
        ask_to_confirm(self)

    def clean(self):
        data = super().clean()
        check_unusual(self, {"list_length": LIST_LENGTH, "position_percent": POSITION_PERCENT})
        start, planned_end = data.get("start"), data.get("planned_end")
        if start and not planned_end:
            data["planned_end"] = five_years_after(start)
        refusal = doctor_change_refusal(self.instance, data.get("doctor"))
        if refusal:
            self.add_error("doctor", refusal)
        return data


def five_years_after(day):
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 5, day=28)


class TransferForm(forms.Form):
    """Move a placement and its records to another doctor, on purpose and with a reason."""

    doctor = forms.ModelChoiceField(label=_("Ny lege"), queryset=Doctor.objects.none())
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lagres i historikken, f.eks. «Registrert på feil lege ved import»."),
    )

    def __init__(self, *args, user, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doctor"].queryset = (
            Doctor.objects.for_user(user).exclude(pk=placement.doctor_id).order_by("name")
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError(
                _("Skriv en begrunnelse på minst 5 tegn: den lagres i historikken.")
            )
        return reason


class DoctorForm(forms.ModelForm):
    """An ALIS: name, e-mail and HPR number. No national identity number: it is not needed."""

    # Longer than the stored 9 digits so "123 456 7" as printed on a card is accepted.
    hpr_number = forms.CharField(
        label=_("HPR-nummer"),
        max_length=20,
        help_text=_("Helsepersonellnummeret fra Helsepersonellregisteret, bare siffer."),
    )

    class Meta:
        model = Doctor
        fields = ["programme", "registered_by", "name", "email", "hpr_number"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = user.access
        managed = Municipality.objects.filter(pk__in=access.managed_municipalities)
        self.fields["programme"].queryset = programmes_for_registering(user)
        if len(self.fields["programme"].queryset) == 1:
            self.fields["programme"].initial = self.fields["programme"].queryset[0].pk
        if access.managed_municipalities and not (access.led_programmes or access.superuser):
            # A manager registers doctors for their own municipality.
            if len(access.managed_municipalities) == 1:
                if self.instance.pk is None:
                    self.instance.registered_by_id = next(iter(access.managed_municipalities))
                del self.fields["registered_by"]
            else:
                self.fields["registered_by"].queryset = managed
                self.fields["registered_by"].required = True
                self.fields["registered_by"].label = _("Kommune")
        else:
            del self.fields["registered_by"]
        self.fields["hpr_number"].widget.attrs.update({"inputmode": "numeric"})

    def clean_hpr_number(self):
        raw = self.cleaned_data["hpr_number"]
        hpr = "".join(raw.split())  # "123 456 7" as printed on a card
        if not hpr.isdigit():
            raise forms.ValidationError(
                _("HPR-nummeret kan bare inneholde siffer (6–9 siffer), f.eks. 1234567."),
                code="invalid",
            )
        if not 6 <= len(hpr) <= 9:
            raise forms.ValidationError(
                _("HPR-nummeret må ha 6–9 siffer; du skrev %(n)s.") % {"n": len(hpr)},
                code="invalid",
            )
        return hpr


class SupervisorAssignmentForm(forms.ModelForm):
    prefix = "veileder"  # shares the placement page with the absence form

    class Meta:
        model = SupervisorAssignment
        fields = ["supervisor", "start", "end", "is_specialist", "same_centre"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET}
        help_texts = {
            "start": _("Nåværende veileder avsluttes dagen før."),
            "end": _("Tom: til videre."),
        }

    # The most supervisors the list offers at once; a search narrows it down.
    CHOICES_LIMIT = 50

    def __init__(self, *args, placement, search="", **kwargs):
        super().__init__(*args, **kwargs)

        self.instance.placement = placement
        self.search = search.strip()
        field = self.fields["supervisor"]
        # Validation accepts any active supervisor in the country ...
        field.queryset = (
            User.objects.filter(Q(groups__name=Role.SUPERVISOR) | Q(supervisions__isnull=False))
            .filter(is_active=True)
            .distinct()
            .order_by("name")
        )
        # ... but the list offers only the relevant ones (one query, at most CHOICES_LIMIT
        # rows): those matching the search, or else those who already supervise in the
        # placement's municipality; and always the one already chosen.
        if self.search:
            offered = Q(name__icontains=self.search) | Q(email__icontains=self.search)
        else:
            offered = Q(
                pk__in=SupervisorAssignment.objects.filter(
                    placement__municipality_id=placement.municipality_id
                ).values("supervisor")
            )
        chosen = self.data.get(self.add_prefix("supervisor")) if self.is_bound else None
        chosen = chosen or self.initial.get("supervisor")
        if str(chosen or "").isdigit():
            offered |= Q(pk=int(chosen))
        self.offered = list(field.queryset.filter(offered)[: self.CHOICES_LIMIT])
        field.widget.choices = [
            ("", field.empty_label),
            *((user.pk, field.label_from_instance(user)) for user in self.offered),
        ]
        if not self.search:
            field.help_text = _(
                "Viser veiledere som allerede veileder i kommunen. Søk for å finne andre."
            )
        elif not self.offered:
            field.help_text = _("Ingen veiledere passer søket «%(q)s».") % {"q": self.search}


class AbsenceForm(forms.ModelForm):
    prefix = "fravaer"

    class Meta:
        model = Absence
        fields = ["kind", "start", "end", "substitute_arranged", "note"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET}

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        placement = self.instance.placement
        if start and end and end < start:
            self.add_error("end", _("«Til» kan ikke være før «fra»."))
        elif start and not placement.start <= start <= placement.end:
            self.add_error("start", _("Fraværet må begynne innenfor stillingens periode."))
        return data


class SubstituteCoverForm(forms.ModelForm):
    prefix = "vikar"

    class Meta:
        model = SubstituteCover
        fields = ["absence", "substitute_name", "start", "end", "note"]
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET}

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.placement = placement
        self.fields["absence"].queryset = placement.absences.order_by("start")
        self.fields["absence"].empty_label = _("Ikke knyttet til et registrert fravær")
