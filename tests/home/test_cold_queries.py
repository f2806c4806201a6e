"""Every public page costs at most 10 queries with every cache empty, routing included.

"Cold" is a server just started, or the first view after any content change: the site chrome
(settings, logo, main menu), the site root paths, the content types, the home page's lists and
tiles, page fragments and renditions are all built again in that very request. The page cache
for visitors is off in the test settings, so every view here renders the page.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Attempt
from events.quiz import services as quiz_services
from home.models import SiteSettings
from home.slogans import Slogan
from tests import factories
from tests.discussions.reception.helpers import sample_schedule
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

COLD_LIMIT = 10


def empty_every_cache(content_types=False):
    """Every shared cache emptied, as after the content changed and every entry expired; with
    ``content_types``, also what a worker just started has not read yet."""
    for alias in caches:
        caches[alias].clear()
    if content_types:
        ContentType.objects.clear_cache()


def cold_queries(client, url, content_types=False):
    """The queries a view of ``url`` takes with every cache empty, and the response. A first
    view before it makes the images' renditions, which are stored once and for all."""
    client.get(url)
    empty_every_cache(content_types)
    connection.queries_log.clear()  # the log keeps 9,000 queries: building the site fills it
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return list(captured), response


def warm_queries(client, url):
    client.get(url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return list(captured), response


def build(length):
    """A whole site with ``length`` items in every list (and every page's parts)."""
    from discussions.models import SuggestionStatus

    home = factories.home_page()
    home.intro = "欢迎来到清风社区。"
    home.save_revision().publish()
    settings = SiteSettings.for_site(home.get_site())
    settings.logo = factories.image("社区标志")
    settings.address = "清风路1号"
    settings.contact_phone = "010-12345678"
    settings.save()
    cover = factories.image()
    articles = factories.article_index()
    notices = factories.notice_index()
    events = factories.event_index()
    records = factories.discussion_index()
    suggestions = factories.suggestion_index()
    reception, _dates = sample_schedule()
    about = factories.standard_page(title="关于我们", slug="about", show_in_menus=True)
    for number in range(length):
        article = factories.article(articles, tags=["廉政教育", f"标签{number}"], image=cover)
        notice = factories.notice(notices, pinned=number % 2 == 0)
        event = factories.event(
            events, image=cover, starts_in=datetime.timedelta(days=number + 1), capacity=50
        )
        services.register(event=event, name="居民", phone=phone(number), consent=True)
        factories.event(events, image=cover, starts_in=datetime.timedelta(days=-number - 1))
        factories.record(records, image=cover, days_ago=number * 40)
        Slogan.objects.create(text=f"廉洁从家起，清风满门庭{number}")
    staff = factories.staff_user("handler", "discussions.handle_suggestion")
    form = factories.suggestion_form(suggestions)
    for _number in range(length):
        item = factories.suggestion(form, status=SuggestionStatus.REPLIED, actor=staff)
    quiz = factories.quiz(
        factories.event(events, kind="quiz"), questions=length, review_mode="after_submit"
    )
    return {
        "home": home,
        "articles": articles,
        "article": article,
        "notices": notices,
        "notice": notice,
        "events": events,
        "event": event,
        "records": records,
        "suggestions": suggestions,
        "form": form,
        "suggestion": item,
        "reception": reception,
        "about": about,
        "quiz": quiz,
    }


def public_urls(resident, site):
    """Every kind of public page; the quiz paper for a resident who has started it."""
    quiz = site["quiz"]
    started = factories.post_verified(
        resident, quiz.event.url + "quiz/", {"name": "王久余", "phone": phone(900), "consent": "on"}
    )
    paper = started["Location"]
    urls = {
        "home": "/",
        "article index": site["articles"].url,
        "article index, a tag": site["articles"].url + "?tag=廉政教育",
        "article": site["article"].url,
        "notice index": site["notices"].url,
        "notice": site["notice"].url,
        "standard page": site["about"].url,
        "event index": site["events"].url,
        "event page": site["event"].url,
        "my registrations": site["events"].url + "my/",
        "quiz start": quiz.event.url + "quiz/",
        "record index": site["records"].url,
        "record": site["records"].get_children().live().last().url,
        "suggestion section": site["suggestions"].url,
        "suggestion form": site["form"].url,
        "track a suggestion": site["suggestions"].url + "track/",
        "status page": site["suggestions"].url + f"track/{site['suggestion'].tracking_code}/",
        "replies board": site["suggestions"].url + "replies/",
        "reception": site["reception"].url,
        "search": "/search/?q=文章",
        "slogans": "/slogans/",
        "subscribe": "/subscribe/",
        "feed": "/feed/",
        "events calendar": "/calendar/events.ics",
        "event calendar": f"/calendar/event-{site['event'].pk}.ics",
        "reception calendar": "/calendar/reception.ics",
    }
    attempt = Attempt.objects.get(phone=phone(900))
    return urls, attempt, paper


# Cold: the sites with the home page and their root paths (home.sites), routing with the menu
# (2 more below the home page, 1 on it), the site settings with the logo, then the page's own
# reads with nothing kept. The home page reads its notices, next events and articles, the card
# renditions of all three lists at once, the pages its task tiles lead to, the events not yet
# over and the slogans. Warm: the same page viewed again at once, when the worker keeps the
# sites, the pages on the way and the page itself (home.versions.Kept) and the shared cache the
# chrome, fragments and seat counts (tests/*/test_queries.py say what each read is).
COLD = {
    "home": 10,
    "article index": 8,
    "article index, a tag": 8,
    "article": 8,
    "notice index": 6,
    "notice": 5,
    "standard page": 4,
    "event index": 8,
    "event page": 7,
    "my registrations": 4,
    "quiz start": 7,
    "record index": 7,
    "record": 7,
    "suggestion section": 7,
    "suggestion form": 6,
    "track a suggestion": 4,
    "status page": 7,
    "replies board": 6,
    "reception": 7,
    "search": 7,
    "slogans": 5,
    "subscribe": 3,
    "feed": 5,
    "events calendar": 3,
    "event calendar": 3,
    "reception calendar": 5,
    "quiz paper": 9,
    "quiz result": 9,
    "quiz ranking": 8,
}
WARM = {
    "home": 0,
    "article index": 2,
    "article index, a tag": 2,
    "article": 2,
    "notice index": 1,
    "notice": 0,
    "standard page": 0,
    "event index": 4,
    "event page": 0,
    "my registrations": 0,
    "quiz start": 2,
    "record index": 3,
    "record": 1,
    "suggestion section": 3,
    "suggestion form": 1,
    "track a suggestion": 0,
    "status page": 3,
    "replies board": 2,
    "reception": 3,
    "search": 2,
    "slogans": 2,
    "subscribe": 0,
    "feed": 4,
    "events calendar": 1,
    "event calendar": 1,
    "reception calendar": 3,
    "quiz paper": 4,
    "quiz result": 4,
    "quiz ranking": 3,
}


@pytest.mark.parametrize("length", [1, 20])
def test_every_public_page_cold_and_warm(client, length):
    from django.test import Client

    site = build(length)
    resident = Client()  # the quiz paper and result are one resident's, seen in her session
    urls, attempt, paper = public_urls(resident, site)
    cold, warm = {}, {}
    for name, url in [*urls.items(), ("quiz paper", paper)]:
        visitor = resident if name == "quiz paper" else client
        cold[name] = len(cold_queries(visitor, url)[0])
        warm[name] = len(warm_queries(visitor, url)[0])
    quiz_services.submit_quiz(attempt=attempt)
    for name, url, visitor in (
        ("quiz result", paper.replace("/paper/", "/result/"), resident),
        ("quiz ranking", site["quiz"].event.url + "quiz/ranking/", client),
    ):
        cold[name] = len(cold_queries(visitor, url)[0])
        warm[name] = len(warm_queries(visitor, url)[0])
    assert cold == COLD
    assert warm == WARM
    assert all(count <= COLD_LIMIT for count in COLD.values())
