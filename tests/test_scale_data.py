"""load_scale_data at 1/1000 of its size: the counts, a valid page tree, pages that open, search
that finds the common and the rare word, registrations that respect the seats, and a second
run refused."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from wagtail.models import Page

from discussions.models import MeetingRecordPage, Suggestion, SuggestionEvent
from events.models import EventPage, Registration
from home import scale
from home.models import ArticlePage, NoticePage
from home.search import search_queryset
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections():
    factories.article_index()
    factories.notice_index()
    factories.event_index()
    factories.discussion_index()
    factories.suggestion_form(factories.suggestion_index())


def load(**options):
    out = io.StringIO()
    call_command("load_scale_data", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_small_data_set_fills_every_section_with_a_valid_tree(sections, client):
    assert "scale-8" not in client.get("/articles/?page=1").content.decode()
    output = load(small=True)

    assert "文章 10" in output
    assert ArticlePage.objects.live().filter(slug__startswith="scale-").count() == 10
    assert NoticePage.objects.live().filter(slug__startswith="scale-").count() == 2
    assert EventPage.objects.live().filter(slug__startswith="scale-").count() == 1
    assert MeetingRecordPage.objects.live().filter(slug__startswith="scale-").count() == 1
    assert Registration.objects.count() == 100
    assert Suggestion.objects.count() == 10
    assert SuggestionEvent.objects.filter(from_status="").count() == 10
    # The tree is what treebeard and Wagtail would have built one page at a time.
    assert Page.find_problems() == ([], [], [], [], [])
    articles = Page.objects.get(slug="articles")
    assert articles.numchild == articles.get_children().count() == 10
    first = ArticlePage.objects.get(slug="scale-1")
    assert first.url_path == "/home/articles/scale-1/"
    assert first.first_published_at.date() == first.date

    # What the site had cached before the load is retired.
    assert "/articles/scale-" in client.get("/articles/?page=1").content.decode()
    for url in ("/articles/", "/articles/scale-8/", "/notices/scale-1/", "/events/scale-1/"):
        assert client.get(url).status_code == 200, url
    # Nine articles in ten carry the common word; the rare one is in the eighth article alone.
    assert client.get("/search/?q=" + scale.RARE_WORD).content.decode().count("/articles/scale-8/")
    assert len(search_queryset(ArticlePage.objects.live(), scale.COMMON_WORD)) >= 6


def test_registrations_keep_to_the_seats(sections):
    load(small=True)

    event = EventPage.objects.get(slug="scale-1")
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status="confirmed")),
        waitlisted=Count("pk", filter=Q(status="waitlisted")),
    )
    assert counts["confirmed"] <= event.capacity
    if counts["waitlisted"]:
        assert event.waitlist_enabled and counts["confirmed"] == event.capacity
    phones = Registration.objects.active().values_list("phone", flat=True)
    assert len(set(phones)) == len(phones)
    assert all(len(phone) == 11 and phone[1] in "3456789" for phone in phones)


def test_a_second_run_is_refused(sections):
    load(factor=0.0005)

    with pytest.raises(CommandError, match="已经加载过"):
        load(small=True)
    assert ArticlePage.objects.count() == 5
