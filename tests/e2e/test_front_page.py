"""The front page on a 360px phone and a 1280px desktop, in both type sizes: big task tiles under
the community's name, then notices, events and articles in one reading order, side by side on a
desktop; nothing scrolls sideways and no tile word breaks. Screenshots go to test-artifacts/."""

import datetime

import pytest

from tests import factories
from tests.conftest import ARTIFACTS
from tests.discussions.reception.helpers import schedule
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TASKS = ["events", "quiz", "suggest", "track", "reception", "my_registrations"]

MEASURE = """() => {
  const box = el => el.getBoundingClientRect();
  // A line may end after a space or a hyphen (English words); anywhere else, as inside 活动报名,
  // the word was cut in two.
  const brokenInsideAWord = label => {
    const text = label.firstChild, range = document.createRange();
    let previousTop = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      if (previousTop !== null && top > previousTop && !/[ -]/.test(text.data[i - 1])) return true;
      previousTop = top;
    }
    return false;
  };
  const section = id => box(document.getElementById(id).closest('section'));
  return {
    tiles: [...document.querySelectorAll('a[data-task]')].map(a => {
      const label = a.querySelector('.home-task-label');
      return {
        key: a.dataset.task,
        height: box(a).height,
        top: Math.round(box(a).top),
        broken: brokenInsideAWord(label),
      };
    }),
    notices: section('notices-heading'),
    events: section('events-heading'),
    articles: section('articles-heading'),
  };
}"""


def build_site():
    from events.models import EventKind

    notices = factories.notice_index()
    factories.notice(notices, title="关于报名参加社区廉政知识竞赛的通知", pinned=True)
    factories.notice(notices, title="社区领导接待日安排")
    articles = factories.article_index()
    cover = factories.image("宣传栏")
    for title in ("三不放过：把群众的事办到底", "领导接待日、包案制和“一岗双责”"):
        factories.article(articles, title=title, image=cover)
    events = factories.event_index()
    factories.event(events, title="廉政文化讲座：其身正，不令而行", image=cover)
    quiz_event = factories.event(
        events, title="廉政知识竞赛（第一场）", kind=EventKind.QUIZ, image=cover
    )
    factories.quiz(quiz_event, questions=1)
    factories.event(events, starts_in=datetime.timedelta(days=10), title="《信访条例》专题讲座")
    factories.suggestion_form(factories.suggestion_index())
    schedule()


def test_front_page_on_a_phone_and_a_desktop_in_both_type_sizes(live_server, browser):
    build_site()
    for width, height in ((360, 740), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        for large in (False, True):
            page.goto(f"{live_server.url}/text-size/?large={int(large)}&next=/")
            assert (
                page.evaluate("document.documentElement.classList.contains('large-text')") == large
            )
            size = "large" if large else "standard"
            page.screenshot(path=ARTIFACTS / f"front-page-{width}-{size}.png", full_page=True)
            found = page.evaluate(MEASURE)
            tiles = found["tiles"]
            assert [tile["key"] for tile in tiles] == TASKS
            assert min(tile["height"] for tile in tiles) >= 64
            assert not any(tile["broken"] for tile in tiles), tiles
            # Two tiles a row on a phone; three, or all six in standard type, on a desktop.
            per_row = sum(tile["top"] == tiles[0]["top"] for tile in tiles)
            assert per_row == (2 if width == 360 else 3 if large else 6)
            assert no_sideways_scroll(page)

            notices, events, articles = found["notices"], found["events"], found["articles"]
            assert notices["top"] > tiles[-1]["top"]
            if width == 360:  # one column, in reading order
                assert notices["bottom"] <= events["top"] and events["bottom"] <= articles["top"]
            else:  # notices | events, articles below both across the width
                assert notices["top"] == events["top"] and notices["right"] < events["left"]
                assert articles["top"] >= max(notices["bottom"], events["bottom"])
                assert articles["width"] > notices["width"] + events["width"]
        context.close()
