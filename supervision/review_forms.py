"""Forms of the half-year review and the post evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PostEvaluation, ProgressReview, ReviewSignature


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ProgressReview
        fields = ["summary", "plan_next"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5, "cols": 20}),
            "plan_next": forms.Textarea(attrs={"rows": 4, "cols": 20}),
        }
        help_texts = {
            "summary": _("Hvordan har halvåret gått: plan, læringsmål, veiledning, vurderinger."),
            "plan_next": _("Det dere er enige om for neste halvår."),
        }


class SignForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=ReviewSignature.Role.choices)
    comment = forms.CharField(
        label=_("Din kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 20}),
        help_text=_("Valgfritt. Veileder og prosjektleder ser kommentaren."),
    )


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = PostEvaluation
        fields = ["supervision_quality", "workload", "centre", "stay"]
        widgets = {
            "supervision_quality": forms.RadioSelect(choices=RATING_CHOICES),
            "workload": forms.RadioSelect(choices=RATING_CHOICES),
            "centre": forms.RadioSelect(choices=RATING_CHOICES),
            "stay": forms.Textarea(attrs={"rows": 4, "cols": 20}),
        }
        help_texts = {
            "stay": _("Valgfritt. Prosjektleder ser teksten bare sammen med minst to andre svar."),
        }
