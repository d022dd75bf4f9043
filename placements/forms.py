from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Equipment, MedicalCentre


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
