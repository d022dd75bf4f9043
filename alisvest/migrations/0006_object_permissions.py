# The object-permission tables move here from placements (placements 0009) in Django's
# model state only: same tables, same rows; the content types follow the models.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["programmeuserobjectpermission", "municipalityuserobjectpermission"]


def relabel_content_types(apps, schema_editor, old="placements", new="alisvest"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MODELS).exclude(
        model__in=ContentType.objects.filter(app_label=new).values("model")
    ).update(app_label=new)


def restore_content_types(apps, schema_editor):
    relabel_content_types(apps, schema_editor, old="alisvest", new="placements")


def permission_table(name, target):
    return migrations.CreateModel(
        name=name,
        fields=[
            (
                "id",
                models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                ),
            ),
            (
                "content_object",
                models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=target),
            ),
            (
                "permission",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, to="auth.permission"
                ),
            ),
            (
                "user",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL
                ),
            ),
        ],
        options={"abstract": False, "db_table": f"placements_{name.lower()}"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alisvest", "0005_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("placements", "0009_object_permissions_move_to_alisvest"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                permission_table("ProgrammeUserObjectPermission", "placements.programme"),
                permission_table("MunicipalityUserObjectPermission", "placements.municipality"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
