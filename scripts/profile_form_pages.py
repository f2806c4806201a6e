"""CPU one GET of a page with a form costs in the app process, and where it goes:
`DATABASE_URL=… profile_form_pages.py [REQUESTS] [PATH ...]`.

Each GET comes from a visitor without cookies (as from bench_pages.py, and as from most
residents), through the whole middleware stack with the production settings, after a few GETs
that fill the caches. Printed per GET, best and worst of three rounds: the CPU in all, and the
part spent routing (Wagtail's route_for_request: the site, the pages on the path), in the view
and in drawing the template. Set QINGFENG_CACHE_DIR to the folder the server uses, or to a
folder of your own, so that the server's cache is left alone.
"""

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = [
    "/events/lecture-upright-example/",
    "/events/integrity-quiz-first-round/quiz/",
    "/suggestions/form/",
]
ROUNDS = 3


def _timed(owner, name, label, spent):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started

    setattr(owner, name, wrapper)


def main():
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL names the database to read (the one the server uses)")
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    paths = sys.argv[2:] or PATHS
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    os.environ.setdefault("QINGFENG_PLAIN_HTTP", "1")
    os.environ.setdefault("SECRET_KEY", "profile-form-pages-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    import django

    django.setup()
    import wagtail.views
    from django.template.response import SimpleTemplateResponse
    from django.test import Client
    from wagtail.models import Page

    spent = Counter()
    _timed(Page, "route_for_request", "routing", spent)
    _timed(wagtail.views, "serve", "serve", spent)
    _timed(SimpleTemplateResponse, "render", "template", spent)
    print(f"{'path':<45}{'CPU ms/GET':>14}{'routing':>10}{'view':>8}{'template':>10}")
    for path in paths:
        browser = Client(HTTP_HOST="127.0.0.1")
        for _ in range(5):
            browser.cookies.clear()
            response = browser.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        rounds = []
        for _ in range(ROUNDS):
            spent.clear()
            started = time.process_time()
            for _ in range(requests):
                browser.cookies.clear()  # every GET a new visitor
                browser.get(path)
            total = (time.process_time() - started) * 1000 / requests
            share = {key: value * 1000 / requests for key, value in spent.items()}
            rounds.append((total, share))
        totals = sorted(total for total, _ in rounds)
        total, share = min(rounds, key=lambda item: item[0])
        print(
            f"{path[:44]:<45}{totals[0]:>6.2f}–{totals[-1]:<7.2f}{share['routing']:>10.2f}"
            f"{share['serve'] - share['routing']:>8.2f}{share['template']:>10.2f}"
        )


if __name__ == "__main__":
    main()
