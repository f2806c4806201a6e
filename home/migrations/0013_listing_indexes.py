"""Narrow indexes in the order of the article and notice listings, so that a deep page is found
by skipping ids on the index alone (home.pagination.PagePaginator)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("home", "0012_search_page_lookup")]

    operations = [
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(fields=["-date", "-page_ptr"], name="home_article_listing"),
        ),
        migrations.AddIndex(
            model_name="noticepage",
            index=models.Index(
                fields=["-pinned", "-date", "-page_ptr"], name="home_notice_listing"
            ),
        ),
    ]
