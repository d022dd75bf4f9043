"""Forms of electronic consent: the study's information text, the invitations, the person's
own consent and withdrawal, and a withdrawal received by letter."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.forms import DATE_WIDGET
from placements.models import Doctor

from .models import Consent, InformationText


class InformationTextForm(forms.ModelForm):
    class Meta:
        model = InformationText
        fields = ["title", "text_nb", "text_nn", "text_en"]
        widgets = {
            "text_nb": forms.Textarea(attrs={"rows": 10}),
            "text_nn": forms.Textarea(attrs={"rows": 6}),
            "text_en": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"text_nn": _("Valgfri."), "text_en": _("Valgfri.")}


class ConsentInviteForm(forms.Form):
    doctors = forms.ModelMultipleChoiceField(
        label=_("ALIS som skal få lenke"),
        queryset=Doctor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én ALIS.")},
    )

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        consenting = study.consents.active().exclude(doctor=None).values("doctor")
        self.fields["doctors"].queryset = (
            Doctor.objects.filter(programme=study.programme)
            .exclude(email="")
            .exclude(pk__in=consenting)
            .order_by("name")
        )


class GiveConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Jeg har lest informasjonen og samtykker til å delta i studien"),
        error_messages={"required": _("Kryss av for at du har lest og samtykker.")},
    )
    signature = forms.CharField(
        label=_("Navnet ditt (signatur)"),
        max_length=200,
        error_messages={"required": _("Skriv navnet ditt som signatur.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, text, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
        self.fields["version"].initial = text.version

    def clean_signature(self):
        signature = self.cleaned_data["signature"].strip()
        if len(signature) < 2:
            raise forms.ValidationError(_("Skriv navnet ditt som signatur."))
        return signature

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("version") != self.text.version:
            # Shown again with the new text: the next submit agrees to the version shown.
            self.data = self.data.copy()
            self.data["version"] = self.text.version
            self.add_error(
                None,
                _("Teksten er endret mens du leste. Les den nye teksten og samtykk på nytt."),
            )
        return cleaned


class LetterWithdrawalForm(forms.Form):
    """A withdrawal the project receives by letter (or e-mail, or by phone)."""

    method = forms.ChoiceField(
        label=_("Hvordan kom tilbaketrekkingen"),
        choices=[
            (Consent.Withdrawal.LETTER, Consent.Withdrawal.LETTER.label),
            (Consent.Withdrawal.OTHER, Consent.Withdrawal.OTHER.label),
        ],
        initial=Consent.Withdrawal.LETTER,
        widget=forms.RadioSelect,
    )
    received = forms.DateField(
        label=_("Mottatt dato"), widget=DATE_WIDGET, required=False, input_formats=["%Y-%m-%d"]
    )
    reason = forms.CharField(
        label=_("Begrunnelse (hvis personen har oppgitt en)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean(self):
        cleaned = super().clean()
        received = cleaned.get("received")
        if cleaned.get("method") == Consent.Withdrawal.LETTER and not received:
            self.add_error("received", _("Skriv inn datoen brevet kom."))
        elif received and received > timezone.localdate():
            self.add_error("received", _("Mottatt dato kan ikke være i fremtiden."))
        elif received and received < timezone.localtime(self.consent.given_at).date():
            self.add_error("received", _("Mottatt dato kan ikke være før samtykket ble gitt."))
        return cleaned
