"""The catalogues: Norwegian bokmål is the source language, nynorsk and English translations.

Every msgid the code and templates use is in both catalogues with a real (non-fuzzy,
non-empty) translation; switching language shows that language on public and logged-in
pages.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
NN = ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po"
# Nynorsk shares many words with bokmål ("Navn", "Kommuner", "Status"); more than this
# share of identical strings would mean bokmål echoed, not translated.
NN_MAX_SAME_AS_BOKMAL = 0.35

# Words that are the same in both languages (names, abbreviations, loan words).
SAME_IN_BOTH = {
    "ALIS",
    "English",
    "LIS1",
    "Start",
    "Status",
    "status",
    "Type",
    "type",
    "min",
    "%(m)s min",
    "system",
    "Send",
    "%(f)s: %(o)s → %(n)s",
}


def parse_po(text):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = {
            "flags": set(),
            "msgid": None,
            "msgid_plural": None,
            "msgstr": [],
            "obsolete": False,
        }
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
                continue
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                key, value = match.groups()
                value = ast.literal_eval(value)
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                    current = ("msgstr", len(entry["msgstr"]) - 1)
                else:
                    entry[key] = value
                    current = (key, None)
            elif line.startswith('"') and current:
                value = ast.literal_eval(line)
                key, index = current
                if index is None:
                    entry[key] += value
                else:
                    entry["msgstr"][index] += value
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


def test_parse_po_reads_fuzzy_plural_and_continuation_lines():
    entries = parse_po(
        '#, fuzzy, python-format\nmsgid ""\n"Hei %(n)s"\nmsgid_plural "Hei alle"\n'
        'msgstr[0] "Hello"\nmsgstr[1] ""\n"Hello all"\n\n#~ msgid "Gammel"\n#~ msgstr ""\n'
    )
    assert len(entries) == 1
    assert entries[0]["msgid"] == "Hei %(n)s"
    assert entries[0]["msgstr"] == ["Hello", "Hello all"]
    assert "fuzzy" in entries[0]["flags"]


def test_english_catalogue_is_complete():
    entries = [e for e in parse_po(PO.read_text(encoding="utf-8")) if not e["obsolete"]]
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"], "a fuzzy header drops Plural-Forms in the .mo"
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]
    assert len(messages) > 500
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"])]
    copied = [
        e["msgid"] for e in messages if e["msgid"] in e["msgstr"] and e["msgid"] not in SAME_IN_BOTH
    ]
    placeholder = re.compile(r"%\(\w+\)s|%s")
    broken = [
        e["msgid"]
        for e in messages
        if not e["msgid_plural"]
        and sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"][0]))
    ]
    plural_forms = [e["msgid"] for e in messages if e["msgid_plural"] and len(e["msgstr"]) != 2]
    assert fuzzy == []
    assert empty == []
    assert copied == []
    assert broken == []
    assert plural_forms == []


def messages_of(path):
    entries = [e for e in parse_po(path.read_text(encoding="utf-8")) if not e["obsolete"]]
    return entries[0], entries[1:]


def test_nynorsk_catalogue_is_complete():
    header, messages = messages_of(NN)
    assert "fuzzy" not in header["flags"]
    assert "Language: nn" in header["msgstr"][0]
    assert "fuzzy" not in {flag for e in messages for flag in e["flags"]}
    assert [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"])] == []
    placeholder = re.compile(r"%\(\w+\)s|%s")
    broken = [
        e["msgid"]
        for e in messages
        if not e["msgid_plural"]
        and sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"][0]))
    ]
    assert broken == []
    same = [e["msgid"] for e in messages if e["msgstr"] == [e["msgid"]]]
    assert len(same) / len(messages) < NN_MAX_SAME_AS_BOKMAL


def test_both_catalogues_hold_the_same_messages():
    assert {e["msgid"] for e in messages_of(NN)[1]} == {e["msgid"] for e in messages_of(PO)[1]}


def test_every_message_in_the_code_is_in_the_catalogues(tmp_path):
    """makemessages over a copy of the tracked files: nothing it finds may be missing, and
    nothing it does not find may linger (msgfmt's count equals the bokmål source's)."""
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in tracked:
        if name and not name.startswith("locale/") and (ROOT / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "alisvest.settings.test"},
        capture_output=True,
        check=True,
    )
    found = {e["msgid"] for e in messages_of(tmp_path / PO.relative_to(ROOT))[1]}
    for catalogue in (PO, NN):
        held = {e["msgid"] for e in messages_of(catalogue)[1]}
        assert sorted(found - held) == [], f"{catalogue.relative_to(ROOT)} lacks these"
        assert sorted(held - found) == [], f"{catalogue.relative_to(ROOT)} holds unused ones"


def test_compiled_catalogue_is_loaded():
    assert PO.with_suffix(".mo").exists()
    with translation.override("en"):
        assert translation.gettext("Kommuner") == "Municipalities"
        assert translation.ngettext("%(n)s lege", "%(n)s leger", 3) % {"n": 3} == "3 doctors"
        assert translation.ngettext("%(n)s lege", "%(n)s leger", 1) % {"n": 1} == "1 doctor"
    with translation.override("nb"):
        assert translation.gettext("Kommuner") == "Kommuner"


@pytest.mark.django_db
def test_login_page_in_english_after_switching_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in page
    assert "Log in with the e-mail address you were invited with." in page
    assert "Log in" in page
    assert "Logg inn" not in page
    assert "Hopp til hovedinnhold" not in page
    assert "Skip to main content" in page


@pytest.mark.django_db
def test_login_page_is_norwegian_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Logg inn" in page
    assert "Log in with the e-mail" not in page


@pytest.mark.django_db
def test_logged_in_pages_in_english(client, client_for, alice, participating):
    client.post("/i18n/setlang/", {"language": "en", "next": "/oversikt/"})
    client_for(alice)

    overview = client.get("/oversikt/").content.decode()
    for english in ("Overview", "Municipalities", "Calls", "Log out", "Your municipality"):
        assert english in overview
    for norwegian in ("Oversikt", "Kommuner", "Utlysninger", "Logg ut", "Din kommune"):
        assert norwegian not in overview

    municipalities = client.get("/kommuner/").content.decode()
    for english in ("Municipalities", "County", "Search by name or number", "Filter"):
        assert english in municipalities
    for norwegian in ("Kommuner", "Fylke", "Søk på navn eller nummer", "Filtrer"):
        assert norwegian not in municipalities


@pytest.mark.django_db
def test_pages_in_nynorsk_after_switching_language(client, client_for, alice, participating):
    client.post("/i18n/setlang/", {"language": "nn", "next": "/accounts/login/"})
    login = client.get("/accounts/login/").content.decode()
    assert '<html lang="nn"' in login
    assert "Hopp til hovudinnhaldet" in login
    client_for(alice)
    overview = client.get("/oversikt/").content.decode()
    for nynorsk in ("Utlysingar", "Kommunen din", "Oppgåver"):
        assert nynorsk in overview
    for bokmal in ("Utlysninger", "Din kommune", "Oppgaver"):
        assert bokmal not in overview


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_dates_and_numbers_keep_norwegian_formats_in_every_language(language):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 3)).startswith("3. ")
        assert formats.date_format(date(2026, 12, 3), "SHORT_DATE_FORMAT") == "03.12.2026"
        assert formats.number_format(1234.5, decimal_pos=1, force_grouping=True) == "1\xa0234,5"
