"""A resident finds their way on a 360×740 phone, to the MIIT 适老化 standard: the content starts
in the first quarter of the screen in both type sizes, every tap target outside running text is
at least 44px tall (60px for the content's buttons and form controls in large type), paragraphs
are spaced, and 接访日 is one tap from the 菜单 button. Screenshots of the header, closed and
open, at 360 and 1280px in both type sizes go to test-artifacts/."""

import datetime

import pytest
from django.utils import timezone

from home.views import LARGE_TEXT_COOKIE
from tests import factories
from tests.conftest import ARTIFACTS
from tests.discussions.reception.helpers import rule, schedule
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# What a resident taps, measured as the browser lays it out. Running text is exempt: a link
# inside a sentence of a paragraph, a table cell or a list item of an article's body. Boxes and
# round options are measured through their label, which is the target.
MEASURE = """(large) => {
  const visible = el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
  };
  const name = el => {
    const text = (el.innerText || el.value || '').trim().slice(0, 30);
    return `${el.tagName.toLowerCase()} "${text}"`;
  };
  const inRunningText = el => {
    if (el.closest('header, footer, nav')) return false;
    const block = el.closest('p, td, th, dd, figcaption, blockquote, .body li');
    return !!block && block.innerText.replace(el.innerText.trim(), '').trim() !== '';
  };
  const small = [], lowControls = [], tightParagraphs = [], smallBadges = [];
  const targets = 'a[href], button, summary, input:not([type=hidden]), select, textarea';
  for (let el of document.querySelectorAll(targets)) {
    if (el.closest('.skip-link, .honeypot')) continue;
    if (el.matches('input[type=checkbox], input[type=radio]')) el = el.closest('label') || el;
    if (!visible(el) || inRunningText(el)) continue;
    const height = el.getBoundingClientRect().height;
    if (height < 44) small.push([name(el), Math.round(height)]);
    const control = 'button, .button, input, select, textarea, label';
    if (large && el.closest('main') && el.matches(control) && height < 60) {
      lowControls.push([name(el), Math.round(height)]);
    }
  }
  for (const p of document.querySelectorAll('main p')) {
    if (!visible(p)) continue;
    const style = getComputedStyle(p);
    const ratio = parseFloat(style.lineHeight) / parseFloat(style.fontSize);
    if (!(ratio >= 1.3)) tightParagraphs.push([name(p), ratio]);
  }
  for (const badge of document.querySelectorAll('.badge')) {
    const size = parseFloat(getComputedStyle(badge).fontSize);
    if (visible(badge) && size < 16) smallBadges.push([name(badge), size]);
  }
  const main = document.querySelector('main');
  const body = main.querySelector('.body p + p');
  const gap = body ? parseFloat(getComputedStyle(body.previousElementSibling).marginBottom) : null;
  return {
    mainTop: main.getBoundingClientRect().top,
    small, lowControls, tightParagraphs, smallBadges,
    paragraphGapToLine: body ? gap / parseFloat(getComputedStyle(body).lineHeight) : null,
  };
}"""


@pytest.fixture
def site():
    """A small site with a page of every kind a resident meets, as the demo has them."""
    today = timezone.localdate()
    notices = factories.notice_index()
    factories.notice(
        notices,
        title="社区廉政监督员拟聘人选公示",
        pinned=True,
        notice_start=today - datetime.timedelta(days=1),
        notice_end=today + datetime.timedelta(days=5),
        intro="公示期内欢迎提出意见。",
    )
    articles = factories.article_index()
    article = factories.article(
        articles,
        title="大接访、大下访半年记",
        intro="乡里组织党政领导坐班接访、带案下访。",
        tags=["信访工作", "廉政教育"],
        body=[
            ("paragraph", "<p>半年来，一批信访老问题得到解决，集体上访明显减少。</p>"),
            ("paragraph", "<p>领导干部既坐在接待室里听群众说事，也走进农户家里找答案。</p>"),
        ],
    )
    factories.article(articles, title="廉政文化进社区", tags=["廉政教育"])
    events = factories.event_index()
    event = factories.event(events, title="廉政文化讲座：其身正，不令而行")
    suggestions = factories.suggestion_index()
    form = factories.suggestion_form(
        suggestions, questions=[("location", "涉及的地点或楼栋", "singleline", False)]
    )
    reception = schedule(rules=[rule()], show_in_menus=True)
    factories.standard_page(title="关于我们", slug="about", show_in_menus=True)
    return {
        "home": "/",
        "article": article.url,
        "event": event.url,
        "search": "/search/?q=廉政",
        "suggestions": suggestions.url,
        "suggestion form": form.url,
        "reception": reception.url,
    }


def _context(browser, live_server, viewport, large):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    if large:
        context.add_cookies([{"name": LARGE_TEXT_COOKIE, "value": "1", "url": live_server.url}])
    return context


def test_every_page_meets_the_standard_in_both_type_sizes(live_server, browser, site):
    for large in (False, True):
        context = _context(browser, live_server, PHONE, large)
        page = context.new_page()
        for name, url in site.items():
            page.goto(live_server.url + url)
            where = f"{name} ({'large' if large else 'standard'} type)"
            found = page.evaluate(MEASURE, large)
            # The content starts within the top quarter of the 740px screen.
            assert found["mainTop"] <= 740 / 4, where
            assert found["small"] == [], where
            assert found["lowControls"] == [], where
            assert found["tightParagraphs"] == [], where
            assert found["smallBadges"] == [], where
            if found["paragraphGapToLine"] is not None:
                assert found["paragraphGapToLine"] >= 1.3, where
            assert no_sideways_scroll(page), where
        context.close()


def test_the_menu_opens_from_its_button_and_reaches_reception_in_one_tap(
    live_server, browser, site
):
    for large in (False, True):
        size = "large" if large else "standard"
        context = _context(browser, live_server, PHONE, large)
        page = context.new_page()
        page.goto(live_server.url + site["article"])
        header = page.locator("header.site-header")
        menu = page.locator("nav.main-nav")
        # Closed: the name, 大字号 and 英文版 and the 菜单 button; the menu and search hidden.
        assert not menu.is_visible()
        assert page.locator(".header-tools a").count() == 2
        assert all(box["height"] >= 44 for box in _boxes(page, ".header-tools a, summary"))
        header.screenshot(path=ARTIFACTS / f"header-360-{size}-closed.png")

        page.locator("summary.menu-button").click()
        assert menu.is_visible() and page.locator("#site-search").is_visible()
        assert all(box["height"] >= 44 for box in _boxes(page, ".main-nav a, .main-nav button"))
        page.screenshot(path=ARTIFACTS / f"header-360-{size}-open.png")
        menu.get_by_role("link", name="接访日").click()
        page.wait_for_url(live_server.url + site["reception"])
        assert page.locator("main h1").inner_text() == "接访日"
        assert page.locator('.main-nav a[aria-current="page"]').text_content() == "接访日"

        # The keyboard opens it too, with a visible focus ring.
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # the name, then the 菜单 button
        assert page.evaluate("document.activeElement.matches('summary.menu-button')")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
        page.keyboard.press("Enter")
        assert menu.is_visible()
        context.close()

        # A desktop shows the menu as an open bar with its search box, no button.
        context = _context(browser, live_server, DESKTOP, large)
        page = context.new_page()
        page.goto(live_server.url + site["article"])
        assert page.locator("nav.main-nav").is_visible()
        assert not page.locator("summary.menu-button").is_visible()
        assert page.locator("#site-search").is_visible()
        assert page.locator(".main-nav a").first.bounding_box()["height"] >= 44
        page.locator("header.site-header").screenshot(path=ARTIFACTS / f"header-1280-{size}.png")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # past the switches and the name: the first menu link
        assert page.evaluate("document.activeElement.closest('.main-nav') !== null")
        context.close()


def _boxes(page, selector):
    return [el.bounding_box() for el in page.locator(selector).all() if el.is_visible()]
