"""Rate-limit counters in the database, shared by every worker (home.rate_counts)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_root_names_in_chinese"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCount",
            fields=[
                ("bucket", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("expires", models.BigIntegerField(db_index=True)),
                ("count", models.PositiveIntegerField()),
            ],
        ),
    ]
