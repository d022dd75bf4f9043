"""The audit log for project leaders: who changed which record when (before and after), and
who downloaded which file. It pages, filters, and exports the filtered changes as CSV."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alisvest import audit
from alisvest.access import NOT_FOUND, OK, access
from alisvest.models import DownloadLog
from alisvest.spreadsheets import csv_writer

PAGE_SIZE = 50
EXPORT_CHUNK = 500  # history rows read per round while writing the CSV


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Type post"), required=False)
    user = forms.CharField(label=_("Endret av (navn eller e-post)"), required=False, max_length=200)
    q = forms.CharField(label=_("Søk i posten"), required=False, max_length=200)
    start = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    object_id = forms.IntegerField(
        label=_("Post-ID"), required=False, min_value=1, max_value=2**31 - 1
    )

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

    def filters(self):
        """The valid filters; none while the form has errors (shown beside the fields)."""
        if not (self.is_bound and self.is_valid()):
            return audit.Filters()
        data = self.cleaned_data
        return audit.Filters(
            model=data.get("model") or "",
            user_query=data.get("user") or "",
            start=data.get("start"),
            end=data.get("end"),
            object_id=data.get("object_id"),
            text=data.get("q") or "",
        )


def _require_leader(request):
    access = request.user.access
    if not (access.led_programmes or access.superuser):
        raise Http404


def _downloads(filters):
    downloads = DownloadLog.objects.select_related("user").order_by("-at", "-pk")
    if filters.user_query:
        downloads = downloads.filter(user__email__icontains=filters.user_query)
    if filters.start:
        downloads = downloads.filter(at__date__gte=filters.start)
    if filters.end:
        downloads = downloads.filter(at__date__lte=filters.end)
    return downloads


def change_labels():
    return {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}


@access(NOT_FOUND, leader=OK)
@login_required
def audit_log(request):
    _require_leader(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(audit.changes(filters), PAGE_SIZE).get_page(request.GET.get("side"))
    downloads = Paginator(_downloads(filters), PAGE_SIZE).get_page(request.GET.get("nedlastinger"))
    query = request.GET.copy()
    for key in ("side", "nedlastinger"):
        query.pop(key, None)
    return render(
        request,
        "audit.html",
        {
            "form": form,
            "page": page,
            "changes": audit.entries(page.object_list),
            "downloads": downloads,
            "query": query.urlencode(),
            "change_labels": change_labels(),
        },
    )


def _csv_row(entry, labels):
    changed = "; ".join(f"{field}: {before} → {after}" for field, before, after in entry.changes)
    return [
        timezone.localtime(entry.at).strftime("%d.%m.%Y %H:%M:%S"),
        entry.user.email if entry.user else str(_("system")),
        str(entry.model),
        entry.object_id,
        entry.object_repr,
        str(labels.get(entry.change_type, entry.change_type)),
        entry.reason,
        changed,
    ]


@access(NOT_FOUND, leader=OK)
@login_required
def audit_export(request):
    """Every change the filters match, as CSV: formula triggers neutralised, since names
    and free text are typed by users."""
    _require_leader(request)
    filters = AuditFilterForm(request.GET or None).filters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="revisjonslogg.csv"'
    response.write("\ufeff")  # so Excel reads UTF-8
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Tidspunkt"),
            _("Bruker"),
            _("Type post"),
            _("Post-ID"),
            _("Post"),
            _("Hendelse"),
            _("Årsak"),
            _("Før → etter"),
        ]
    )
    labels = change_labels()
    paginator = Paginator(audit.changes(filters), EXPORT_CHUNK)
    for number in paginator.page_range:
        for entry in audit.entries(paginator.page(number).object_list):
            writer.writerow(_csv_row(entry, labels))
    return response
