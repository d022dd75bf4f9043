# The object-permission tables that roles read belong to the ground floor (alisvest). Only
# Django's model state moves; the tables keep their names and rows (alisvest 0006).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0008_register_absence_decision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ProgrammeUserObjectPermission"),
                migrations.DeleteModel(name="MunicipalityUserObjectPermission"),
            ],
            database_operations=[],
        ),
    ]
