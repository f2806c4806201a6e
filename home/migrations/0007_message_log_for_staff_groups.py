"""Let the staff groups see the text-message log, so a failed message is noticed and sent again.

编辑 see the log (numbers are masked in it); 审核, who call residents back, may also send a
failed message again. Permissions are created here because Django only creates them after all
migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "编辑": ["view_message"],
    "审核": ["view_message", "resend_message"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="home", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("home", "0006_one_open_code_per_number")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
