from django import forms
from django.utils.translation import gettext_lazy as _

from alisvest.forms import DATE_WIDGET
from placements.municipalities.models import Municipality, Programme

# What a new programme starts with, by rule set: the national scheme asks 4 hours a month
# as a yearly average (10.5 months), ALIS-VEST's regional model 2 hours every month.
DEFAULTS = {
    Programme.RuleSet.NATIONAL: (240, Programme.SupervisionRule.YEARLY_AVERAGE),
    Programme.RuleSet.REGIONAL: (120, Programme.SupervisionRule.MONTHLY),
}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "rule_set",
            "supervision_rule",
            "monthly_supervision_minutes",
            "started",
            "ended",
            "lead_municipality",
            "description",
        ]
        widgets = {"started": DATE_WIDGET, "ended": DATE_WIDGET}
        help_texts = {
            "rule_set": _(
                "Nasjonal ordning: 240 minutter i måneden som årsgjennomsnitt. Regionalt: "
                "120 minutter hver måned. Du kan endre begge under."
            ),
            "monthly_supervision_minutes": _(
                "Under årsgjennomsnitt er årskravet dette × 10,5 måneder."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_municipality"].queryset = Municipality.objects.current()
        if not self.instance.pk and not self.is_bound:
            rule_set = self.initial.get("rule_set") or Programme.RuleSet.NATIONAL
            minutes, rule = DEFAULTS[rule_set]
            self.initial.update(
                rule_set=rule_set, monthly_supervision_minutes=minutes, supervision_rule=rule
            )

    def clean_monthly_supervision_minutes(self):
        minutes = self.cleaned_data["monthly_supervision_minutes"]
        if not 15 <= minutes <= 8 * 60:
            raise forms.ValidationError(_("Kravet må være mellom 15 og 480 minutter i måneden."))
        return minutes
