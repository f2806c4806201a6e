"""A resident on a 360px phone: has an article read aloud (朗读) in a Chinese voice, and reads
the reception-day sheet as cards, which staff still print as a table on one A4 page.

Headless Chromium may have no voices at all, so the page gets one from an init script that
stands in for the browser's speech synthesis: getVoices() answers the voices the test names,
and speak() and cancel() are recorded instead of heard."""

import json

import pytest
from django.utils import timezone, translation
from wagtail.models import Site

from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll
from tests.e2e.test_report_print import A4, pdf_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHINESE = [{"name": "普通话（中国大陆）", "lang": "zh-CN", "localService": True}]
ENGLISH_ONLY = [{"name": "English (US)", "lang": "en-US", "localService": True}]

SPEECH = """
(() => {
  let voices = %s;
  window.spoken = [];
  window.setVoices = (list) => {
    voices = list;
    speechSynthesis.dispatchEvent(new Event("voiceschanged"));
  };
  // The real utterance accepts only a real SpeechSynthesisVoice; this one takes the stand-in.
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; }
  };
  speechSynthesis.getVoices = () => voices;
  speechSynthesis.speak = (utterance) => {
    window.spoken.push({text: utterance.text, lang: utterance.lang});
    window.speaking = utterance;
  };
  speechSynthesis.cancel = () => { window.spoken.push({cancel: true}); };
  // The sentence being read comes to its end, as the browser would say when it has.
  window.endSentence = () => { const u = window.speaking; window.speaking = null; u.onend(); };
})();
"""


def phone(browser, voices, **options):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN", **options)
    context.add_init_script(SPEECH % json.dumps(voices))
    return context


def words(msgid):
    """What the page says for ``msgid`` in Chinese (the same words before and after the
    translations are compiled)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def button(page, msgid):
    return page.get_by_role("button", name=words(msgid), exact=True)


def texts(page):
    return [call.get("text", "<cancel>") for call in page.evaluate("window.spoken")]


def test_an_article_is_read_aloud_in_a_chinese_voice(live_server, browser):
    article = factories.article(
        factories.article_index(),
        title="三不放过：把群众的事办到底",
        intro="接访不是走过场。",
        body_text="社区坚持问题不查清不放过。措施不落实也不放过！",
    )
    url = live_server.url + article.url

    context = phone(browser, CHINESE)
    page = context.new_page()
    page.goto(url)
    start = button(page, "Read aloud")
    assert start.is_visible()
    assert start.bounding_box()["height"] >= 44
    assert no_sideways_scroll(page)
    start.click()
    # The title first, then the intro and the body sentence by sentence, in the Chinese voice.
    assert texts(page) == ["<cancel>", "三不放过：把群众的事办到底"]
    assert page.evaluate("window.spoken[1].lang") == "zh-CN"
    page.evaluate("window.endSentence()")
    page.evaluate("window.endSentence()")
    assert texts(page)[2:] == ["接访不是走过场。", "社区坚持问题不查清不放过。"]
    assert page.locator("[data-read-status]").inner_text() == words("Reading aloud")
    page.screenshot(path=ARTIFACTS / "read-aloud-360.png")

    # 暂停 stops the voice; 继续 says the interrupted sentence again and goes on from there.
    button(page, "Pause").click()
    assert texts(page)[-1] == "<cancel>"
    assert page.locator("[data-read-status]").inner_text() == words("Paused")
    assert not start.is_visible()
    button(page, "Resume").click()
    assert texts(page)[-1] == "社区坚持问题不查清不放过。"
    page.evaluate("window.endSentence()")
    assert texts(page)[-1] == "措施不落实也不放过！"

    # 停止 ends the reading: the voice is cancelled and 朗读 is back, with the focus on it.
    spoken_before = len(texts(page))
    button(page, "Stop").click()
    assert texts(page)[spoken_before:] == ["<cancel>"]
    assert start.is_visible() and not button(page, "Pause").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-read-start')")
    context.close()

    # Large type: the buttons in the page's content are at least 60px tall.
    context = phone(browser, CHINESE)
    context.add_cookies([{"name": "qf_large_text", "value": "1", "url": live_server.url}])
    page = context.new_page()
    page.goto(url)
    assert button(page, "Read aloud").bounding_box()["height"] >= 60
    assert no_sideways_scroll(page)
    context.close()

    # No Chinese voice, no button; a Chinese voice that arrives late brings it.
    context = phone(browser, ENGLISH_ONLY)
    page = context.new_page()
    page.goto(url)
    assert button(page, "Read aloud").count() == 0
    assert not page.locator("[data-read-aloud]").is_visible()
    page.evaluate(f"window.setVoices({json.dumps(ENGLISH_ONLY + CHINESE)})")
    assert button(page, "Read aloud").is_visible()
    context.close()

    # Without JavaScript nothing is shown.
    context = phone(browser, CHINESE, java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator("[data-read-aloud]").count() == 1
    assert not page.locator("[data-read-aloud]").is_visible()
    context.close()


def test_the_reception_sheet_is_cards_on_a_phone_and_one_a4_page_in_print(live_server, browser):
    from discussions.reception import demo
    from home.demo import SITE_SETTINGS
    from home.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for field, value in SITE_SETTINGS.items():
        setattr(settings, field, value)
    settings.save()
    demo.load(home=factories.home_page(), today=timezone.localdate())

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/reception/print/")
    rows = page.locator(".reception-table tbody tr")
    assert rows.count() >= 6
    assert no_sideways_scroll(page)
    # Each session is a card: no table row, the leader and the place labelled in words.
    first = rows.first
    assert first.evaluate("row => getComputedStyle(row).display") == "flex"
    assert first.bounding_box()["width"] <= 360
    card = first.inner_text()
    label = first.evaluate("row => getComputedStyle(row.cells[2], '::before').content")
    assert words("Receiving leader") in label
    assert "赵文刚" in card or "刘秀兰" in card or "孙立新" in card
    page.screenshot(path=ARTIFACTS / "reception-print-360.png", full_page=True)

    # Printed, even from the phone, it is the table again, on one A4 sheet.
    page.emulate_media(media="print")
    assert first.evaluate("row => getComputedStyle(row).display") == "table-row"
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "reception-print.pdf").write_bytes(pdf)
    assert pdf_pages(pdf) == [A4]
    context.close()
