"""Load today's 357 municipalities (SSB, 2024) and the former municipalities that
ALIS-VEST's phase 1 was run in, so history reads "Odda" while counting towards Ullensvang."""

from django.db import migrations


def load(apps, schema_editor):
    from placements.municipalities.official_register import load_register

    load_register(apps.get_model("placements", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
