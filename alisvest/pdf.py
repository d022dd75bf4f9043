"""One PDF helper over WeasyPrint: a template and its context in, PDF bytes out, rendered in
the recipient's language (pretix invoice_pdf_task)."""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

DEFAULT_STYLESHEET = "placements/pdf.css"


@cache
def _font_config():
    """One font configuration per process, shared by every document: building it (and
    parsing the stylesheets) per PDF was half the time of a grant statement (0.51 s ->
    0.23 s per PDF, bench/run.py)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _stylesheet(name):
    from weasyprint import CSS

    return CSS(filename=finders.find(name), font_config=_font_config())


def render_pdf(template, context, *, language=None, stylesheets=(DEFAULT_STYLESHEET,)):
    from weasyprint import HTML

    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf(
        stylesheets=[_stylesheet(name) for name in stylesheets], font_config=_font_config()
    )


def pdf_response(template, context, filename, *, language=None):
    """A PDF download: in `language` (a document to a municipality is in its målform), else
    in the requesting user's."""
    pdf = render_pdf(template, context, language=language or translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
