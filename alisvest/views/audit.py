"""The audit log for project leaders: who changed which record when (before and after), and
who downloaded which file."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from alisvest import audit
from alisvest.access import NOT_FOUND, OK, access
from alisvest.models import DownloadLog


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Type post"), required=False)
    user = forms.CharField(label=_("Bruker (e-post)"), required=False, max_length=200)
    start = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    object_id = forms.IntegerField(label=_("Post-ID"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alle typer"))] + [
            (label, model._meta.verbose_name.capitalize())
            for label, model in audit.audited_models()
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("«Til dato» kan ikke være før «Fra dato»."))
        return data


@access(NOT_FOUND, leader=OK)
@login_required
def audit_log(request):
    access = request.user.access
    if not (access.led_programmes or access.superuser):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    changes = audit.entries(
        model=filters.get("model"),
        user_query=filters.get("user", ""),
        start=filters.get("start"),
        end=filters.get("end"),
        object_id=filters.get("object_id"),
    )
    downloads = DownloadLog.objects.select_related("user")
    if filters.get("user"):
        downloads = downloads.filter(user__email__icontains=filters["user"])
    if filters.get("start"):
        downloads = downloads.filter(at__date__gte=filters["start"])
    if filters.get("end"):
        downloads = downloads.filter(at__date__lte=filters["end"])
    return render(
        request,
        "audit.html",
        {
            "form": form,
            "changes": changes,
            "downloads": downloads[:50],
            "change_labels": {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")},
        },
    )
