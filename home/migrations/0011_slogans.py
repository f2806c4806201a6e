"""Bulletin-board slogans (宣传栏标语), kept by 编辑 and 审核: both may add, change and delete
them. 活动志愿者 get nothing here. Permissions are created here because Django only creates them
after all migrations have run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

KEEP_SLOGANS = ["add_slogan", "change_slogan", "delete_slogan", "view_slogan"]
GRANTS = {"编辑": KEEP_SLOGANS, "审核": KEEP_SLOGANS}


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
    dependencies = [("home", "0010_rate_counts_unlogged")]

    operations = [
        migrations.CreateModel(
            name="Slogan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "text",
                    models.CharField(
                        help_text=(
                            "At most 60 characters; a short line reads best from across the street."
                        ),
                        max_length=60,
                        verbose_name="slogan",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        blank=True,
                        help_text=(
                            "Optional: where the words come from, such as 《论语》 or a regulation."
                        ),
                        max_length=60,
                        verbose_name="origin",
                    ),
                ),
                (
                    "enabled",
                    models.BooleanField(
                        default=True,
                        help_text=(
                            "Only slogans in use are listed on the site and shown on the home page."
                        ),
                        verbose_name="in use",
                    ),
                ),
            ],
            options={
                "verbose_name": "bulletin-board slogan",
                "verbose_name_plural": "bulletin-board slogans",
                "ordering": ["sort_order", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
