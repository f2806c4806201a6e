"""接访日 goes into the main menu: residents could not find the reception schedule.

Published reception schedule pages get "show in menus" ticked, on the page and on its live and
latest revisions, so that the next edit in the admin starts from the ticked box and keeps it.
Undoing the migration unticks it again, as every site had it before.
"""

from django.db import migrations


def _set_in_menu(apps, value):
    schedule_pages = apps.get_model("discussions", "ReceptionSchedulePage")
    revisions = apps.get_model("wagtailcore", "Revision")
    pages = schedule_pages.objects.filter(live=True, show_in_menus=not value)
    for page in pages:
        ids = {page.live_revision_id, page.latest_revision_id} - {None}
        for revision in revisions.objects.filter(pk__in=ids):
            if isinstance(revision.content, dict):
                revision.content["show_in_menus"] = value
                revision.save(update_fields=["content"])
    pages.update(show_in_menus=value)


def put_in_menu(apps, schema_editor):
    _set_in_menu(apps, True)


def take_out_of_menu(apps, schema_editor):
    _set_in_menu(apps, False)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0008_remember_came_back"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(put_in_menu, take_out_of_menu)]
