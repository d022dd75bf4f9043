from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest.uploads import JPEG, PDF, PNG, validate_upload

from .models import MAX_EXPENSE_ATTACHMENT_BYTES, Expense, GrantScheme, JobType, MonthlyRate


class GrantSchemeForm(forms.ModelForm):
    class Meta:
        model = GrantScheme
        fields = [
            "name",
            "kind",
            "is_example",
            "valid_from",
            "valid_to",
            "annual_cap",
            "annual_own_share",
            "class6_monthly_supplement",
            "budget",
            "reporting_deadline_days",
            "payment_days",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }


MonthlyRateFormSet = forms.inlineformset_factory(
    GrantScheme,
    MonthlyRate,
    fields=["job_type", "monthly_amount"],
    extra=4,
    max_num=4,
    can_delete=True,
)


class ExpenseForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Vedlegg (kvittering: PDF, PNG eller JPEG, høyst 10 MB)"), required=False
    )

    class Meta:
        model = Expense
        fields = ["year", "category", "amount", "description"]
        widgets = {"amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})}

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.instance.placement = placement
        self.fields["amount"].error_messages["min_value"] = _(
            "Beløpet kan ikke være negativt. Skriv beløpet uten minustegn."
        )
        if not self.instance.pk and not self.initial.get("year"):
            self.initial["year"] = min(
                max(timezone.localdate().year, placement.start.year), placement.end.year
            )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(
                _("Beløpet kan ikke være negativt. Skriv beløpet uten minustegn.")
            )
        return amount

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        self.cleaned_data["attachment_type"] = validate_upload(
            upload, kinds=[PDF, PNG, JPEG], max_bytes=MAX_EXPENSE_ATTACHMENT_BYTES
        )
        return upload


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    municipality = forms.CharField(
        label=_("Bare én kommune (kommunenummer, valgfritt)"),
        required=False,
        max_length=4,
    )
    early = forms.BooleanField(
        label=_("Utsted før fristen"),
        required=False,
        help_text=_("Bare når rapporteringsfristen ikke er ute ennå. Grunnen lagres."),
    )
    reason = forms.CharField(
        label=_("Grunn til å utstede før fristen"), required=False, max_length=500
    )

    def clean_municipality(self):
        number = self.cleaned_data["municipality"].strip()
        if number and not (number.isdigit() and len(number) == 4):
            raise forms.ValidationError(_("Kommunenummer er fire siffer."))
        return number

    def clean(self):
        data = super().clean()
        if data.get("early") and not data.get("reason", "").strip():
            self.add_error("reason", _("Skriv hvorfor årsoppgjørene utstedes før fristen."))
        return data

    @property
    def early_reason(self):
        data = self.cleaned_data
        return data["reason"].strip() if data.get("early") else ""


class CreditNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse for kreditnotaen"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv hvorfor årsoppgjøret krediteres.")},
    )


class AuditStatementForm(forms.Form):
    file = forms.FileField(label=_("Revisorattestasjon (PDF, PNG eller JPEG, høyst 10 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["kind"] = validate_upload(
            upload, kinds=[PDF, PNG, JPEG], max_bytes=MAX_EXPENSE_ATTACHMENT_BYTES
        )
        return upload


class PostJobTypeForm(forms.Form):
    job_type = forms.ChoiceField(
        label=_("Stillingstype i den nasjonale ordningen"),
        required=False,
        help_text=_("Tomt: følger kontraktstypen. «Kun veiledning» må velges her."),
    )
    reason = forms.CharField(label=_("Begrunnelse"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_type"].choices = [("", _("Følger kontraktstypen")), *JobType.choices]


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Betalt dato"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label=_("Beløp (kr)"),
        max_digits=12,
        decimal_places=2,
        localize=True,  # "150 000,50" as people write it
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("Beløpet må være større enn null.")},
    )


class BankFileForm(forms.Form):
    file = forms.FileField(
        label=_("Bankfil (CSV)"),
        help_text=_("Kolonnene dato, beløp og KID eller referanse, skilt med semikolon."),
    )
