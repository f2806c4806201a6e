"""One open verification code per number, so that two requests at the same moment send one."""

from django.db import migrations, models


def close_all_but_the_newest(apps, schema_editor):
    PhoneCode = apps.get_model("home", "PhoneCode")
    open_codes = PhoneCode.objects.filter(closed_at__isnull=True).order_by(
        "phone_digest", "-sent_at"
    )
    seen = set()
    for row in open_codes.only("pk", "phone_digest", "sent_at"):
        if row.phone_digest in seen:
            PhoneCode.objects.filter(pk=row.pk).update(closed_at=row.sent_at)
        seen.add(row.phone_digest)


class Migration(migrations.Migration):
    dependencies = [("home", "0005_phone_codes")]

    operations = [
        migrations.RunPython(close_all_but_the_newest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="phonecode",
            constraint=models.UniqueConstraint(
                condition=models.Q(("closed_at__isnull", True)),
                fields=("phone_digest",),
                name="one_open_code_per_number",
            ),
        ),
    ]
