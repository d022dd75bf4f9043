"""One PDF helper over WeasyPrint: a template and its context in, PDF bytes out, rendered in
the recipient's language (pretix invoice_pdf_task)."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

DEFAULT_STYLESHEET = "placements/pdf.css"


def render_pdf(template, context, *, language=None, stylesheets=(DEFAULT_STYLESHEET,)):
    from weasyprint import CSS, HTML

    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=finders.find(name)) for name in stylesheets]
    )
