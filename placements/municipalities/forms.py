from django import forms
from django.utils.translation import gettext_lazy as _

from alisvest.forms import DATE_WIDGET
from placements.municipalities.models import (
    Equipment,
    MedicalCentre,
    Municipality,
    RecruitmentRound,
)


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


class RecruitmentRoundForm(forms.ModelForm):
    class Meta:
        model = RecruitmentRound
        fields = ["programme", "label", "date", "applicants", "hired", "note"]
        widgets = {"date": DATE_WIDGET}
        labels = {"date": _("Utlyst dato")}

    def __init__(self, *args, municipality, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0].pk

    def clean(self):
        data = super().clean()
        applicants, hired = data.get("applicants"), data.get("hired")
        if applicants is not None and hired is not None and hired > applicants:
            self.add_error("hired", _("Kan ikke ansette flere enn det var søkere."))
        return data


class MunicipalityLanguageForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
