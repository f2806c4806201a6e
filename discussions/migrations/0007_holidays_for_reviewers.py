"""Let 审核 keep the holiday calendar (设置 → 节假日): when the State Council publishes next
year's holidays and make-up working days, the office enters them without waiting for an
administrator. 编辑 may read it. Permissions are created here because Django only creates them
after all migrations have run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "编辑": ["view_holidayday"],
    "审核": ["view_holidayday", "add_holidayday", "change_holidayday", "delete_holidayday"],
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
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="discussions", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [("discussions", "0006_cases_from_every_channel")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
