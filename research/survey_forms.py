"""The researchers' survey forms: the wave, a question (three languages, show-if and
required-if rules), and the recipients (people from the register or by e-mail, or a
municipality's address)."""

from email.utils import parseaddr

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .models import Question, SurveyInvitation, SurveyWave

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)
Role = SurveyInvitation.Role


class WaveForm(forms.ModelForm):
    class Meta:
        model = SurveyWave
        fields = ["title", "intro", "opens_at", "closes_at", "remind_after_days"]
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "intro": forms.Textarea(attrs={"rows": 3, "cols": 20}),
        }

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.study = study
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Undersøkelsen må stenge etter at den åpner."))
        return cleaned


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Svaralternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 20}),
        help_text=_("Ett alternativ per linje; bare for spørsmål med valg."),
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "text_nn",
            "text_en",
            "kind",
            "required",
            "choices_text",
            "show_if",
            "show_if_value",
            "required_if",
            "required_if_value",
        ]
        help_texts = {
            "show_if": _("Tomt: spørsmålet vises alltid."),
            "required_if": _("Tomt: bare «må besvares» over gjelder."),
        }

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.wave = wave
        rules = wave.questions.in_version(wave.version).filter(kind__in=CHOICE_KINDS)
        if self.instance.pk:
            rules = rules.filter(position__lt=self.instance.position)
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)
        for name in ("show_if", "required_if"):
            self.fields[name].queryset = rules
            self.fields[name].label_from_instance = lambda q: q.text

    def _options(self, cleaned):
        text = cleaned.get("choices_text", "")
        options = [line.strip() for line in text.splitlines() if line.strip()]
        if cleaned.get("kind") in CHOICE_KINDS:
            if len(options) < 2:
                self.add_error(
                    "choices_text", _("Spørsmål med valg trenger minst to alternativer.")
                )
            elif len(set(options)) != len(options):
                self.add_error("choices_text", _("Alternativene må være forskjellige."))
            return options
        if options:
            self.add_error(
                "choices_text", _("Bare spørsmål med ett eller flere valg har svaralternativer.")
            )
        return []

    def _rule(self, cleaned, name):
        question, value = cleaned.get(name), cleaned.get(f"{name}_value", "").strip()
        cleaned[f"{name}_value"] = value if question else ""
        if question and value not in question.choices:
            self.add_error(
                f"{name}_value",
                _("Skriv et av svaralternativene til «%(q)s»: %(choices)s.")
                % {"q": question.text, "choices": ", ".join(question.choices)},
            )
        elif value and not question:
            self.add_error(name, _("Velg spørsmålet svaret gjelder."))

    def clean(self):
        cleaned = super().clean()
        self.instance.choices = self._options(cleaned)
        self._rule(cleaned, "show_if")
        self._rule(cleaned, "required_if")
        return cleaned

    def save(self, commit=True):
        question = super().save(commit=False)
        if question.position == 0:
            last = question.wave.questions.order_by("-position").first()
            question.position = (last.position + 1) if last else 1
        if commit:
            question.save()
        return question


def parse_addresses(text):
    """[(name, email)] of lines like "kari@example.no" or "Kari Nordmann <kari@...>"; a bad
    line raises ValidationError naming it."""
    people = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        name, email = parseaddr(line)
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("«%(line)s» er ikke en e-postadresse."), params={"line": line}
            ) from None
        people.append((name.strip(), email.strip().lower()))
    return people


class RecipientsForm(forms.Form):
    """People to invite: chosen from the register, or typed, one address a line."""

    people = forms.MultipleChoiceField(
        label=_("Fra registeret"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("ALIS, veiledere og helseledere i programmet. Velg flere med Ctrl/⌘."),
    )
    addresses = forms.CharField(
        label=_("E-postadresser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 20}),
        help_text=_("Én per linje. Navn kan stå foran: Kari Nordmann <kari@example.no>"),
    )
    role = forms.ChoiceField(
        label=_("Rolle for adressene"),
        choices=[(r.value, r.label) for r in Role if r != Role.MUNICIPALITY],
        initial=Role.OTHER,
    )
    send = forms.BooleanField(label=_("Send lenken på e-post nå"), required=False, initial=True)

    def __init__(self, *args, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        if register:
            self.fields["people"].choices = [
                (key, f"{p['name']} ({p['role'].label})") for key, p in register.items()
            ]
        else:  # nobody in the register this person may see: by e-mail only
            del self.fields["people"]

    def clean_addresses(self):
        return parse_addresses(self.cleaned_data["addresses"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("people") and not cleaned.get("addresses") and not self.errors:
            self.add_error("addresses", _("Velg noen fra registeret eller skriv en adresse."))
        return cleaned

    def recipients(self):
        chosen = [self.register[key] for key in self.cleaned_data.get("people", [])]
        typed = [
            {"email": email, "name": name, "role": self.cleaned_data["role"]}
            for name, email in self.cleaned_data["addresses"]
        ]
        return chosen + typed


class AddressForm(forms.Form):
    """A municipality's address, when it has no health manager with a login."""

    invitation = forms.ModelChoiceField(queryset=SurveyInvitation.objects.none())
    email = forms.EmailField(label=_("E-post"))

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = wave.invitations.filter(role=Role.MUNICIPALITY)
