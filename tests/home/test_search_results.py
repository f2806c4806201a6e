"""What each search result says under its title: an event's own time and place, a notice's
public-notice period, an article's date; never the day the page went up on the site."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import EventKind
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Everything below is published on this day: the date search used to show for every result.
PUBLISHED = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def published_on_30_november():
    with time_machine.travel(PUBLISHED, tick=False):
        yield


def result_items(client, query):
    """{title: text of its result} for the first page of results."""
    html = client.get("/search/", {"q": query}).content.decode()
    listing = html.split('<ol class="search-results">')[1].split("</ol>")[0]
    items = {}
    for item in listing.split("<li>")[1:]:
        title = re.search(r"<a [^>]*>([^<]+)</a>", item).group(1)
        items[title] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
    return items


def test_events_show_their_own_time_and_place(client, published_on_30_november):
    events = factories.event_index()
    factories.event(
        events,
        title="专题讲座：《信访条例》与“三不放过”",
        start=datetime.datetime(2026, 12, 10, 9, 30, tzinfo=SHANGHAI),
        place="社区党群服务中心二楼会议室",
    )
    factories.event(
        events,
        title="廉政知识竞赛（预赛）",
        kind=EventKind.QUIZ,
        start=datetime.datetime(2026, 11, 18, 14, 30, tzinfo=SHANGHAI),
        place="社区文化活动室",
    )
    lecture = result_items(client, "信访条例")["专题讲座：《信访条例》与“三不放过”"]
    assert "讲座" in lecture
    assert "2026年12月10日（星期四） 09:30 – 11:30" in lecture
    assert "地点：社区党群服务中心二楼会议室" in lecture
    assert "11月30日" not in lecture and "已结束" not in lecture

    quiz = result_items(client, "知识竞赛")["廉政知识竞赛（预赛）"]
    assert "2026年11月18日（星期三） 14:30 – 16:30" in quiz
    assert "地点：社区文化活动室" in quiz
    assert "已结束" in quiz  # in words, not only in grey
    assert "11月30日" not in quiz


def test_notices_show_their_public_notice_period(client, published_on_30_november):
    notices = factories.notice_index()
    factories.notice(
        notices,
        title="社区廉政监督员拟聘人选公示",
        date=datetime.date(2026, 11, 28),
        notice_start=datetime.date(2026, 11, 28),
        notice_end=datetime.date(2026, 12, 4),
    )
    factories.notice(notices, title="社区领导接待日安排", date=datetime.date(2026, 11, 20))
    items = result_items(client, "社区")
    publicity = items["社区廉政监督员拟聘人选公示"]
    assert "2026年11月28日" in publicity
    assert "公示期：2026年11月28日至2026年12月4日" in publicity
    assert "公示中，还剩 5 天" in publicity
    plain = items["社区领导接待日安排"]
    assert "2026年11月20日" in plain and "公示" not in plain


def test_articles_show_their_date(client, published_on_30_november):
    factories.article(
        factories.article_index(), title="廉政文化进家庭", date=datetime.date(2026, 9, 1)
    )
    article = result_items(client, "廉政")["廉政文化进家庭"]
    assert "文章" in article and "2026年9月1日" in article
    assert "11月30日" not in article


# The specific pages: one query for the pages and one for each of the three page types found.
# The hits in order are kept until the pages change (home.search_index), the sites too
# (home.sites). Nothing more per result.
MIXED_SEARCH_QUERIES = 4


@pytest.mark.parametrize("length", [1, 20])
def test_mixed_results_cost_the_same_queries(client, django_assert_num_queries, length):
    articles = factories.article_index()
    notices = factories.notice_index()
    events = factories.event_index()
    today = datetime.date.today()
    for number in range(length):
        factories.article(articles, title=f"廉政文章{number}")
        factories.notice(
            notices,
            title=f"廉政公示{number}",
            pinned=number % 2 == 0,
            notice_start=today,
            notice_end=today + datetime.timedelta(days=5),
        )
        factories.event(
            events, title=f"廉政讲座{number}", starts_in=datetime.timedelta(days=number)
        )
    url = "/search/?q=廉政"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(MIXED_SEARCH_QUERIES):
        response = client.get(url)
    assert len(response.context["results"].object_list) == min(3 * length, 10)
