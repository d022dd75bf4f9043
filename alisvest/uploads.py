"""One set of rules for every file a user uploads, wherever in the product it arrives.

- a size limit per use;
- the type is sniffed from the content, never taken from the name or the browser;
- SVG and HTML (anything that starts as markup) are refused: they can carry script;
- the stored name is random, so a path-traversal name never reaches the file system;
- files live in private storage outside the static root and have no URL;
- they are served only by views that check scope, through `attachment_response`, always as
  an attachment with a cleaned file name whose extension matches the sniffed type.

Use: `kind = validate_upload(upload, kinds=[PDF, PNG], max_bytes=10 * MB)` in a form's
`clean_<field>`, `upload_to=RandomName("folder")` on the model field, `safe_filename()` for the
name you keep, and `attachment_response()` to serve it.
"""

import os
import re
import unicodedata
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.shortcuts import render
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

MB = 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PNG = "image/png"
JPEG = "image/jpeg"

LABEL = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", ODT: "ODT", ODS: "ODS", PNG: "PNG", JPEG: "JPEG"}
EXTENSIONS = {
    PDF: [".pdf"],
    DOCX: [".docx"],
    XLSX: [".xlsx"],
    ODT: [".odt"],
    ODS: [".ods"],
    PNG: [".png"],
    JPEG: [".jpg", ".jpeg"],
}

MARKUP = re.compile(rb"^\s*<", re.IGNORECASE)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff(upload):
    """The content type from the file's own bytes, or None if it is none we know."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return sniff_zip(upload)
    return None


def sniff_zip(upload):
    """Office documents are ZIP archives; their members say which kind."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip().decode("ascii", "replace")
                return mimetype if mimetype in (ODT, ODS) else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def is_markup(upload):
    """SVG, HTML, XML: text that opens with a tag, after any byte-order mark or blanks."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    for bom in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
    if head[:1] == b"\x00" or head[1:2] == b"\x00":  # UTF-16 without a mark
        head = head.replace(b"\x00", b"")
    return bool(MARKUP.match(head))


def kinds_text(kinds):
    """ "PDF-, PNG- eller JPEG-fil"; in English "PDF, PNG or JPEG file"."""
    labels = [LABEL[k] for k in kinds]
    if len(labels) == 1:
        return _("%(kind)s-fil") % {"kind": labels[0]}
    first = ", ".join(_("%(kind)s-") % {"kind": label} for label in labels[:-1])
    return _("%(first)s eller %(last)s-fil") % {"first": first, "last": labels[-1]}


def validate_upload(upload, *, kinds, max_bytes):
    """Check size and content; return the sniffed content type. Messages name the file."""
    name = safe_filename(upload.name)
    if upload.size > max_bytes:
        raise ValidationError(
            _("«%(name)s» er for stor: filen kan være høyst %(max)s MB.")
            % {"name": name, "max": max_bytes // MB},
            code="too_big",
        )
    if is_markup(upload):
        raise ValidationError(
            _(
                "«%(name)s» er en SVG-, HTML- eller XML-fil. Slike filer tas ikke imot fordi de "
                "kan inneholde skript."
            )
            % {"name": name},
            code="markup",
        )
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _("«%(name)s» er ikke en %(kinds)s (vi sjekker innholdet, ikke filnavnet).")
            % {"name": name, "kinds": kinds_text(kinds)},
            code="wrong_type",
        )
    if kind in ARCHIVES and inflates_too_far(upload):
        raise ValidationError(
            _(
                "«%(name)s» pakker seg ut til mye mer enn et vanlig dokument og tas ikke imot. "
                "Lagre dokumentet på nytt, eller send det som PDF."
            )
            % {"name": name},
            code="zip_bomb",
        )
    return kind


ARCHIVES = {DOCX, XLSX, ODT, ODS}


def inflates_too_far(upload):
    """A ZIP bomb: the members' declared sizes add up past the limit, or shrink by more than
    any real office document does, or there are absurdly many of them. Checked from the
    central directory, without unpacking anything."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True
    finally:
        upload.seek(0)
    inflated = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    return (
        len(members) > settings.UPLOAD_ARCHIVE_MAX_MEMBERS
        or inflated > settings.UPLOAD_ARCHIVE_MAX_INFLATED_BYTES
        or inflated / packed > settings.UPLOAD_ARCHIVE_MAX_RATIO
    )


def validate_text_upload(upload, *, max_bytes):
    """For CSV and other plain-text imports that are read, never stored: the size limit and
    no markup (a spreadsheet saved as HTML is not a CSV file)."""
    name = safe_filename(upload.name)
    if upload.size > max_bytes:
        raise ValidationError(
            _("«%(name)s» er for stor: filen kan være høyst %(max)s MB.")
            % {"name": name, "max": max_bytes // MB},
            code="too_big",
        )
    if is_markup(upload) or sniff(upload) is not None:
        raise ValidationError(
            _("«%(name)s» er ikke en tekstfil (CSV).") % {"name": name}, code="wrong_type"
        )


# Characters that cut or confuse a Content-Disposition header or a Windows file name.
UNSAFE = re.compile(r'[<>:"/\\|?*;]')


def safe_filename(name, content_type=None, fallback="vedlegg"):
    """The name shown and offered for download: the last path part only, no control or
    direction-override characters, no leading dots, at most 200 characters, and, given the
    sniffed type, an extension that matches it."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in {"C", "Z"} or c == " ")
    name = UNSAFE.sub("_", name).strip().lstrip(".").strip()
    stem, extension = os.path.splitext(name)
    if content_type in EXTENSIONS and extension.lower() not in EXTENSIONS[content_type]:
        stem, extension = name, EXTENSIONS[content_type][0]
    stem = stem[: 200 - len(extension)].strip() or fallback
    return stem + extension


@deconstructible
class RandomName:
    """upload_to for every private file: `<folder>/<random hex>`; the user's name is never
    part of the path."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return random_name(self.folder)

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def random_name(folder):
    return f"{folder.strip('/')}/{uuid.uuid4().hex}"


class PrivateStorage(FileSystemStorage):
    """Uploaded files on disk, outside the static root, with no URL: a template that tries
    `file.url` fails loudly instead of linking to a file past the scope checks."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them with attachment_response().")


def attachment_response(fileobj, filename, content_type):
    """Serve a private file: always a download, never rendered by the browser."""
    response = FileResponse(
        fileobj,
        as_attachment=True,
        filename=safe_filename(filename, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_stored(request, field_file, filename, content_type):
    """attachment_response for a stored file, or, when the file is gone from storage (a lost
    volume, a restore without media), a 404 page that says so instead of a server error."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        return render(
            request,
            "file_missing.html",
            {"name": safe_filename(filename, content_type)},
            status=404,
        )
    return attachment_response(handle, filename, content_type)


def inside(path, root):
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        return False
    return True


@register()
def check_private_storage(app_configs, **kwargs):
    """Uploads must never be reachable as static files."""
    from django.core.files.storage import storages

    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        return []  # object storage: nothing of it lies in a static directory
    location = storage.location
    static_roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    errors = []
    for root in static_roots:
        root = root[1] if isinstance(root, tuple) else root
        if root and (inside(location, root) or inside(root, location)):
            errors.append(
                Error(
                    f"Uploaded files ({location}) must not live in or around a static "
                    f"directory ({root}).",
                    hint="Set MEDIA_ROOT to a private directory outside STATIC_ROOT.",
                    id="alisvest.E010",
                )
            )
    return errors
