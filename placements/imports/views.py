"""Upload → preview → confirm for the XLSX import of placements.

The uploaded file stays on the server between preview and confirm, in the cache under a random
token bound to the user who uploaded it: the confirm step never trusts anything the browser
sends back except the token and the tick for creating new doctors."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from alisvest.access import FORBIDDEN, OK, REDIRECT, access
from alisvest.uploads import XLSX, validate_upload
from placements.imports.workbook import (
    MAX_FILE_BYTES,
    ImportFileError,
    import_placements,
    read_workbook,
    template_workbook,
)
from placements.register.forms import programmes_for_registering

UPLOAD_SECONDS = 60 * 60


class PlacementImportForm(forms.Form):
    programme = forms.ModelChoiceField(label=_lazy("Program"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_lazy("XLSX-fil"),
        help_text=_lazy("Bruk malen. Høyst 2 MB og 1000 rader."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=[XLSX], max_bytes=MAX_FILE_BYTES)
        data = upload.read()
        try:
            read_workbook(data)
        except ImportFileError as e:
            raise forms.ValidationError(str(e)) from e
        return data


def importer_programmes(user):
    programmes = programmes_for_registering(user)
    if not programmes.exists():
        raise PermissionDenied(
            _("Bare prosjektledere og helseledere kan importere utdanningsstillinger.")
        )
    return programmes


def upload_key(user, token):
    return f"placement-import:{user.pk}:{token}"


@access(FORBIDDEN, other_manager=OK, own_manager=OK, leader=OK)
@login_required
def placement_import(request):
    programmes = importer_programmes(request.user)
    form = PlacementImportForm(request.POST or None, request.FILES or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(24)
        cache.set(
            upload_key(request.user, token),
            {
                "data": form.cleaned_data["file"],
                "programme": form.cleaned_data["programme"].pk,
                "filename": request.FILES["file"].name[:200],
            },
            UPLOAD_SECONDS,
        )
        return redirect("placements:placement_import_preview", token=token)
    return render(request, "placements/placement_import.html", {"form": form})


# The graph has no import under this token: back to the upload page.
@access(FORBIDDEN, other_manager=REDIRECT, own_manager=REDIRECT, leader=REDIRECT)
@login_required
def placement_import_preview(request, token):
    """GET shows the dry run; POST imports every row in one transaction, or none."""
    programmes = importer_programmes(request.user)
    stored = cache.get(upload_key(request.user, token))
    programme = stored and programmes.filter(pk=stored["programme"]).first()
    if not programme:
        messages.warning(
            request, _("Importen finnes ikke lenger (den varer en time). Last opp filen på nytt.")
        )
        return redirect("placements:placement_import")

    confirm_error = ""
    try:
        outcome = import_placements(stored["data"], user=request.user, programme=programme)
        if request.method == "POST" and outcome.valid:
            if outcome.new_doctors and not request.POST.get("create_doctors"):
                confirm_error = _("Kryss av for at de nye ALIS-legene skal opprettes.")
            else:
                outcome = import_placements(
                    stored["data"], user=request.user, programme=programme, commit=True
                )
                if outcome.valid:
                    cache.delete(upload_key(request.user, token))
                    messages.success(
                        request,
                        ngettext(
                            "%(n)s utdanningsstilling er importert.",
                            "%(n)s utdanningsstillinger er importert.",
                            outcome.saved,
                        )
                        % {"n": outcome.saved},
                    )
                    return redirect("placements:placement_list")
    except ImportFileError as e:
        messages.error(request, str(e))
        return redirect("placements:placement_import")
    return render(
        request,
        "placements/placement_import_preview.html",
        {
            "outcome": outcome,
            "programme": programme,
            "filename": stored["filename"],
            "confirm_error": confirm_error,
            "action": reverse("placements:placement_import_preview", args=[token]),
        },
        status=200,
    )


@access(FORBIDDEN, other_manager=OK, own_manager=OK, leader=OK)
@login_required
def placement_import_template(request):
    importer_programmes(request.user)
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="utdanningsstillinger-mal.xlsx"'
    return response
