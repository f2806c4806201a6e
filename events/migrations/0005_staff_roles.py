"""Staff roles for running events.

编辑 run events: the registration list with masked numbers, 代报名, check-in and rosters,
cancelling registrations, the online quizzes (results, statistics, paper scores) and the
question bank. 审核 may do all of that and also see full numbers and export. 活动志愿者, the
volunteers at the door, may only check residents in and read today's rosters; the group alone
opens the admin, with no staff flag on the account.

Check-in gets a permission of its own (可以签到) so that the group editing screen names it.
Permissions are created here because Django only creates them after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VOLUNTEERS = "活动志愿者"

RUN_EVENTS = [
    "view_registration",
    "add_registration",
    "change_registration",
    "check_in_registration",
    "add_quiz",
    "change_quiz",
    "delete_quiz",
    "view_quiz",
    "add_question",
    "change_question",
    "delete_question",
    "view_question",
]

GRANTS = {
    "编辑": RUN_EVENTS,
    "审核": [*RUN_EVENTS, "view_full_phone"],
    VOLUNTEERS: ["check_in_registration"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
        )
        if access_admin:
            group.permissions.add(access_admin)


def backwards(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=VOLUNTEERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_quiz_review_after_close"),
        ("home", "0003_staff_groups_and_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="registration",
            options={
                "ordering": ["created_at", "pk"],
                "permissions": [
                    ("view_full_phone", "Can see full phone numbers and export registrations"),
                    ("check_in_registration", "Can check residents in"),
                ],
                "verbose_name": "registration",
                "verbose_name_plural": "registrations",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
