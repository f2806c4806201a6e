"""The root page and the root collection are called 根目录, not Wagtail's "Root": staff meet
them in the page explorer, breadcrumbs, the page chooser and the group permission screen."""

from django.db import migrations

ENGLISH, CHINESE = "Root", "根目录"


def name_roots_in_chinese(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ENGLISH).update(title=CHINESE, draft_title=CHINESE)
    Collection.objects.filter(depth=1, name=ENGLISH).update(name=CHINESE)


def name_roots_in_english(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=CHINESE).update(title=ENGLISH, draft_title=ENGLISH)
    Collection.objects.filter(depth=1, name=CHINESE).update(name=ENGLISH)


class Migration(migrations.Migration):
    # After home 0003, which depends on the Wagtail migrations that made both roots.
    dependencies = [("home", "0007_message_log_for_staff_groups")]

    operations = [migrations.RunPython(name_roots_in_chinese, name_roots_in_english)]
