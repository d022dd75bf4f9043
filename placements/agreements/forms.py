from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.forms import DATE_WIDGET
from alisvest.uploads import JPEG, MB, PDF, PNG, validate_upload

from .models import AgreementSignature

MAX_SCAN_BYTES = 10 * MB


class GenerateForm(forms.Form):
    organisation_number = forms.CharField(
        label=_("Kommunens organisasjonsnummer (valgfritt)"),
        required=False,
        max_length=20,
    )

    def clean_organisation_number(self):
        number = self.cleaned_data["organisation_number"].replace(" ", "")
        if number and not (number.isdigit() and len(number) == 9):
            raise forms.ValidationError(_("Organisasjonsnummer er ni siffer."))
        return number


class SignatureForm(forms.ModelForm):
    class Meta:
        model = AgreementSignature
        fields = ["party", "name", "role", "signed_on"]
        widgets = {"signed_on": DATE_WIDGET}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        signed = set(version.signatures.values_list("party", flat=True))
        self.fields["party"].choices = [
            c for c in AgreementSignature.Party.choices if c[0] not in signed
        ]
        self.initial.setdefault("signed_on", timezone.localdate())

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("Signeringsdatoen kan ikke være fram i tid."))
        return signed_on


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Skannet kopi (PDF, PNG eller JPEG, høyst 10 MB)"))

    def clean_scan(self):
        upload = self.cleaned_data["scan"]
        validate_upload(upload, kinds=[PDF, PNG, JPEG], max_bytes=MAX_SCAN_BYTES)
        return upload
