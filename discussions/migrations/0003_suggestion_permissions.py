"""Let the staff groups work the suggestion queue.

Both groups see and handle suggestions; only 审核 sees submitters' full phone numbers and
exports, as they are the ones who call residents back. Permissions are created here because
Django only creates them after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "编辑": ["view_suggestion", "handle_suggestion"],
    "审核": ["view_suggestion", "handle_suggestion", "view_contact"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("discussions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="discussions", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0002_suggestions_and_reception"),
        ("home", "0003_staff_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
