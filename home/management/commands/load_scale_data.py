"""Fill the site with a data set at scale, on top of the demo content, to measure speed.

10,000 articles, 2,000 notices, 1,000 events with 100,000 registrations, 10,000 suggestions
and 500 meeting records (``--factor`` scales every count; ``--small`` is 1/1000). The demo is
loaded first when the site is empty. The data set is added once: a second run refuses.
"""

import random
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.models import Site

from home import scale
from home.chrome import content_changed


class Command(BaseCommand):
    help = "Add a data set at scale (10,000 articles and more) to measure speed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--factor", type=float, default=1.0, help="Scale every count (1 = full size)."
        )
        parser.add_argument("--small", action="store_true", help="1/1000 of full size.")
        parser.add_argument("--seed", type=int, default=15, help="Seed of the random text.")

    def handle(self, *args, factor=1.0, small=False, seed=15, **options):
        if small:
            factor = 0.001
        if not 0 < factor <= 10:
            raise CommandError("--factor 须大于 0，且不超过 10。")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("没有默认站点，请先运行 manage.py migrate。")
        if scale.already_loaded():
            raise CommandError("规模数据已经加载过了，不再重复加载。需要重来时请换一个空数据库。")
        started = time.monotonic()
        call_command("load_demo", if_empty=True, stdout=self.stdout, stderr=self.stderr)
        home = site.root_page.specific
        rng = random.Random(seed)
        today = timezone.localdate()
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            counts = scale.load(home=home, rng=rng, factor=factor, today=today)
            for load in hooks.get_hooks(scale.SCALE_HOOK):
                counts.update(load(home=home, rng=rng, factor=factor, today=today) or {})
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, as a database that grew slowly would have
            # (autovacuum may be off, or not round yet). Not on SQLite: there ANALYZE's
            # statistics lead the article index astray (44 s for page 1 at scale, against 0.14 s).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # Pages went in without the publish signals: retire what a running site has cached.
        content_changed()
        elapsed = time.monotonic() - started
        summary = "，".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"规模数据已加载：{summary}；用时 {elapsed:.1f} 秒。"))
