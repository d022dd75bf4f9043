"""The statement language becomes the municipality's målform (placements 0013): a nynorsk
choice made here is carried over before the table goes."""

from django.db import migrations


def carry_over(apps, schema_editor):
    MunicipalityFinance = apps.get_model("funding", "MunicipalityFinance")
    Municipality = apps.get_model("placements", "Municipality")
    chosen = MunicipalityFinance.objects.filter(language="nn").values("municipality")
    Municipality.objects.filter(pk__in=chosen).update(language="nn")


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_statement_language_nynorsk"),
        ("placements", "0013_municipality_language"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="municipalityfinance", name="municipality"),
        migrations.DeleteModel(name="HistoricalMunicipalityFinance"),
        migrations.DeleteModel(name="MunicipalityFinance"),
    ]
