"""docs/personvern.md stays true for the privacy officer: every model of ours is on the
page, and a model with personal data names each of its text, file and JSON fields and each
link to a person in its own section. A new field or model fails here until it is
described."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

PAGE = Path(settings.BASE_DIR) / "docs" / "personvern.md"
OURS = {"alisvest", "identity", "placements", "supervision", "funding", "research"}
NONE_HEADING = "## Modeller uten personopplysninger"
TEXT = (models.CharField, models.TextField, models.JSONField, models.FileField, ArrayField)
PEOPLE = {"alisvest.User", "placements.Doctor"}


def our_models():
    for model in apps.get_models():
        if model._meta.app_label in OURS and not model.__name__.startswith("Historical"):
            yield f"{model._meta.app_label}.{model.__name__}", model


def described_fields(model):
    """The fields the page must name: text of any kind, files, and links to a person."""
    for field in model._meta.concrete_fields:
        person = field.related_model is not None and field.related_model._meta.label in PEOPLE
        if isinstance(field, TEXT) or person:
            yield field.name


def sections():
    """Each `### \\`app.Model\\`` section's text, and the list of models without personal
    data."""
    text = PAGE.read_text()
    personal, _sep, rest = text.partition(NONE_HEADING)
    found = {}
    for part in re.split(r"^### ", personal, flags=re.M)[1:]:
        match = re.match(r"`([\w.]+)`", part)
        if match:
            found[match.group(1)] = part
    without = set(re.findall(r"`(\w+\.\w+)`", rest.split("\n## ")[0]))
    return found, without


def test_every_model_is_on_the_page():
    found, without = sections()
    missing = [label for label, _model in our_models() if label not in found.keys() | without]
    assert not missing, f"docs/personvern.md does not mention {missing}"


def test_each_personal_model_names_its_fields():
    found, _without = sections()
    missing = {
        label: [name for name in described_fields(model) if f"`{name}`" not in found[label]]
        for label, model in our_models()
        if label in found
    }
    missing = {label: names for label, names in missing.items() if names}
    assert not missing, f"docs/personvern.md does not describe {missing}"


def test_a_model_said_to_hold_no_personal_data_has_no_email_and_no_link_to_a_person():
    _found, without = sections()
    wrong = [
        label
        for label, model in our_models()
        if label in without
        and any(
            isinstance(field, models.EmailField)
            or (field.related_model is not None and field.related_model._meta.label in PEOPLE)
            for field in model._meta.concrete_fields
        )
    ]
    assert not wrong, f"{wrong} hold personal data: describe them in their own section"


def test_the_readme_links_the_page():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "docs/personvern.md" in readme
