"""An index of the pages shown in menus, by depth and path, for the query that routes every page
(home.routing): with the pages on the path it reads the main menu, the children of the site's
root, as ``depth = 3 AND path BETWEEN … AND show_in_menus``. Without it that range holds every
page below the root and was read whole, 13,500 rows for 2.5 ms (SQLite) to 5 ms (PostgreSQL) on
each request at 10,000 articles; with it, the few menu pages alone.

Partial (``WHERE show_in_menus``): only a query that asks for menu pages can use it, so the
listings' own plans (``depth >= 3`` under a section, walked on their date index) stay as they
were; a full (depth, path) index drew SQLite's planner away from the listing index.
"""

from django.db import migrations

INDEX = "home_menu_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0016_search_order_lookup"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path) "
            "WHERE show_in_menus",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
