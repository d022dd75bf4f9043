from django import forms
from django.contrib.auth.password_validation import validate_password
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from alisvest.digests import default_frequency
from alisvest.roles import Role, can_invite

from .models import ApiToken, Invitation, User


def add_service_errors(form, error):
    """A service's ValidationError on the form: each message at its field, or on the form as
    a whole when it names none, so the page shows which field is wrong."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# A date field as the browser's date picker, in the ISO form it sends back.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LongSelect(forms.Select):
    """A select rendered in Python rather than one option template per choice: for lists
    of hundreds (the country's municipalities) the templates cost more than the page's
    queries. Same markup as templates/django/forms/widgets/ (class ds-input by default)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.setdefault("class", "ds-input")
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        value = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == value else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')  # noqa: S308


class DesignsystemetRenderer(TemplatesSetting):
    """Every form renders with Designsystemet's field markup (templates/forms/)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["name", "email", "role", "programme", "municipality", "regional_office"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        access = user.access
        # The foreign keys' own querysets (every programme, every municipality), scoped.
        programmes = self.fields["programme"].queryset
        if not access.superuser:
            programmes = programmes.for_user(user).filter(pk__in=access.led_programmes)
        self.fields["programme"].queryset = programmes
        municipalities = self.fields["municipality"].queryset
        self.fields["municipality"].queryset = municipalities.for_user(user).current()
        if not access.led_programmes and not access.superuser:
            self.fields["role"].choices = [
                c for c in Role.choices if c[0] in {Role.MANAGER, Role.SUPERVISOR, Role.ALIS}
            ]
            del self.fields["programme"]
            del self.fields["regional_office"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Det finnes allerede en bruker med denne e-postadressen.")
            )
        return email

    def clean(self):

        data = super().clean()
        role = data.get("role")
        if role == Role.MANAGER and not data.get("municipality"):
            self.add_error("municipality", _("Velg kommunen helselederen skal ha ansvar for."))
        if role == Role.REGIONAL_OFFICE and not data.get("regional_office"):
            self.add_error("regional_office", _("Velg kontoret personen skal arbeide for."))
        if role in Role.programme_roles() and not data.get("programme"):
            self.add_error("programme", _("Velg programmet rollen gjelder."))
        if role and not self.errors:
            allowed, reason = can_invite(
                self.user, role, data.get("programme"), data.get("municipality")
            )
            if not allowed:
                self.add_error("role", reason)
        return data


class AcceptInvitationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    password1 = forms.CharField(label=_("Passord"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Gjenta passord"), widget=forms.PasswordInput)

    def clean_password1(self):
        password = self.cleaned_data["password1"]
        validate_password(password)
        return password

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Passordene er ikke like."))
        return data


class ApiTokenForm(forms.ModelForm):
    days = forms.TypedChoiceField(
        label=_("Gyldig i"),
        coerce=int,
        initial=90,
        choices=[(30, _("30 dager")), (90, _("90 dager")), (365, _("ett år"))],
    )
    scopes = forms.MultipleChoiceField(
        label=_("Bare disse delene av API-et"),
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Ingen valgt: alle delene du har tilgang til."),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "read_only"]
        help_texts = {
            "name": _("Hva nøkkelen brukes til, f.eks. «Rapport i Power BI»."),
            "read_only": _("Anbefalt for rapporter: nøkkelen kan hente, ikke endre noe."),
        }


class EmailFrequencyForm(forms.ModelForm):
    """How often notices come; the blank choice names the role's default so it is clear
    what "default" means for this person."""

    class Meta:
        model = User
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}
        labels = {"email_frequency": _("Hvor ofte vil du få varsler på e-post?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = User.EmailFrequency(default_frequency(self.instance.access))
        self.fields["email_frequency"].choices = [
            ("", _("Standard for rollen din (%(choice)s)") % {"choice": default.label.lower()}),
            *User.EmailFrequency.choices,
        ]


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
        labels = {"language": _("Hvilket språk vil du bruke?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            ("", _("Det nettleseren ber om")),
            *self.fields["language"].choices[1:],
        ]
