"""On PostgreSQL the rate-limit counters skip the write-ahead log: a hit then costs no wait for
the disk (measured 3 to 6 times faster, scripts/bench_ratelimit.py). After a crash the table
starts empty, which only restarts the counts; it is not copied to standby servers either."""

from django.db import migrations


def _set(logged):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(apps.get_model("home", "RateCount")._meta.db_table)
            schema_editor.execute(f"ALTER TABLE {table} SET {'LOGGED' if logged else 'UNLOGGED'}")

    return operation


class Migration(migrations.Migration):
    dependencies = [("home", "0009_rate_counts")]

    operations = [migrations.RunPython(_set(logged=False), _set(logged=True))]
