from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Doctor, Equipment, MedicalCentre, Municipality, Placement, Programme


class MedicalCentreForm(forms.ModelForm):
    equipment = forms.MultipleChoiceField(
        label=_("Utstyr"),
        choices=Equipment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MedicalCentre
        fields = [
            "name",
            "ownership",
            "address",
            "doctor_count",
            "specialist_count",
            "doctor_ages",
            "doctor_specialties",
            "has_lis1",
            "has_alis_office",
            "support_staff_count",
            "support_staff_competence",
            "equipment",
            "accepts_alis",
        ]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality


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
        self.fields["programme"].queryset = Programme.objects.for_user(user)
        self.fields["doctor"].queryset = Doctor.objects.for_user(user)
        municipalities = Municipality.objects.for_user(user).current().order_by("name")
        self.fields["municipality"].queryset = municipalities
        self.fields["second_municipality"].queryset = municipalities
        self.fields["centre"].queryset = (
            MedicalCentre.objects.for_user(user)
            .select_related("municipality")
            .order_by("municipality__name", "name")
        )

    def clean(self):
        data = super().clean()
        start, planned_end = data.get("start"), data.get("planned_end")
        if start and not planned_end:
            data["planned_end"] = five_years_after(start)
        return data


def five_years_after(day):
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 5, day=28)
