from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import planning

ROWS = 6


class PlanningForm(forms.Form):
    """The model's inputs; one row per scenario, each with its own fixed-salary share."""

    population = forms.IntegerField(
        label=_("Innbyggere"), min_value=1, initial=planning.POPULATION_2017
    )
    current_gps = forms.IntegerField(
        label=_("Fastlegehjemler i dag"), min_value=0, initial=planning.CURRENT_GPS_2017
    )
    capitation = forms.DecimalField(
        label=_("Basistilskudd per innbygger per år (kr)"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        initial=planning.CAPITATION,
    )
    full_salary = forms.DecimalField(
        label=_("Full fastlønn, 100 % (kr)"),
        min_value=0,
        max_digits=10,
        decimal_places=0,
        initial=planning.FULL_SALARY,
    )
    capitation_income_percent = forms.DecimalField(
        label=_("Basistilskuddets andel av legens inntekt (%)"),
        min_value=Decimal("0.1"),
        max_value=100,
        max_digits=4,
        decimal_places=1,
        initial=30,
        help_text=_("Resten regnes som aktivitetsbasert inntekt fra staten (HELFO) og pasienter."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = planning.SCENARIOS_2017 + [(None, None)] * ROWS
        for i in range(ROWS):
            length, share = defaults[i]
            self.fields[f"list_length_{i}"] = forms.IntegerField(
                label=_("Listelengde, rad %(n)s") % {"n": i + 1},
                min_value=1,
                max_value=5000,
                required=False,
                initial=length,
            )
            self.fields[f"fixed_share_{i}"] = forms.DecimalField(
                label=_("Fastlønnsandel (%%), rad %(n)s") % {"n": i + 1},
                min_value=0,
                max_value=100,
                max_digits=4,
                decimal_places=1,
                required=False,
                initial=int(share * 100) if share is not None else None,
            )

    def scenario_fields(self):
        return [(self[f"list_length_{i}"], self[f"fixed_share_{i}"]) for i in range(ROWS)]

    def clean(self):
        cleaned = super().clean()
        for i in range(ROWS):
            length = cleaned.get(f"list_length_{i}")
            share = cleaned.get(f"fixed_share_{i}")
            if length and share is None:
                self.add_error(
                    f"fixed_share_{i}",
                    _("Fastlønnsandel må fylles ut når listelengde er fylt ut."),
                )
            if share is not None and not length and f"list_length_{i}" not in self.errors:
                self.add_error(
                    f"list_length_{i}",
                    _("Listelengde må fylles ut når fastlønnsandel er fylt ut."),
                )
        return cleaned

    def results(self):
        data = self.cleaned_data
        rows = []
        for i in range(ROWS):
            length = data.get(f"list_length_{i}")
            share = data.get(f"fixed_share_{i}")
            if not length or share is None:
                continue
            rows.append(
                {
                    "list_length": length,
                    "fixed_share": share,
                    **planning.gp_scenario(
                        population=data["population"],
                        current_gps=data["current_gps"],
                        list_length=length,
                        fixed_salary_share=share / 100,
                        capitation=data["capitation"],
                        full_salary=data["full_salary"],
                        capitation_income_share=data["capitation_income_percent"] / 100,
                    ),
                }
            )
        return rows
