from django import forms
from django.utils.translation import gettext_lazy as _

from alisvest.uploads import validate_text_upload
from placements.plans.models import PlannedCourse, PlanPeriod, TemplateCourse, TemplatePeriod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanPeriodForm(forms.ModelForm):
    class Meta:
        model = PlanPeriod
        fields = ["kind", "start", "end", "institution"]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class PlannedCourseForm(forms.ModelForm):
    class Meta:
        model = PlannedCourse
        fields = ["name", "date"]
        widgets = {"date": DATE}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


TemplatePeriodFormSet = forms.inlineformset_factory(
    TemplatePeriod.template.field.related_model,
    TemplatePeriod,
    fields=["kind", "start_month", "months", "institution"],
    extra=2,
    can_delete=True,
)
TemplateCourseFormSet = forms.inlineformset_factory(
    TemplateCourse.template.field.related_model,
    TemplateCourse,
    fields=["name", "month"],
    extra=2,
    can_delete=True,
)


class ObjectiveImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolonnene code, group og text (eller kode, gruppe, tekst), med overskriftsrad. "
            "Komma eller semikolon. Finnes koden fra før, oppdateres målet."
        ),
    )

    MAX_BYTES = 1024 * 1024

    def clean_file(self):
        # Parsed in memory and never stored or served, so a size cap is the rule that matters;
        # the shared rules also refuse HTML and binary files dressed up as .csv.
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er større enn 1 MB; en læringsmålkatalog er mindre.")
            )
        validate_text_upload(upload, max_bytes=self.MAX_BYTES)
        return upload
