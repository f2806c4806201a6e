"""A slogan printed for the bulletin board (宣传栏): every paper size and orientation, a short
slogan and the longest one allowed, each exactly one page of that size with nothing cut off;
screenshots of the list and a poster at 360 and 1280 px for a look."""

import pytest

from home.slogans import TEXT_MAX_LENGTH, Slogan
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll
from tests.e2e.test_report_print import pdf_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each sheet in millimetres, and a window that shows it at 96 dpi.
PAPERS = {
    ("a4", "portrait"): ((210, 297), (794, 1123)),
    ("a4", "landscape"): ((297, 210), (1123, 794)),
    ("a3", "portrait"): ((297, 420), (1123, 1587)),
    ("a3", "landscape"): ((420, 297), (1587, 1123)),
}
POINTS_PER_MM = 72 / 25.4


def is_paper(size, millimetres):
    """A page size in whole points is that paper, within the point Chromium rounds away."""
    return all(
        abs(points - mm * POINTS_PER_MM) < 2 for points, mm in zip(size, millimetres, strict=True)
    )


# The longest slogan the admin accepts (60 characters).
LONG = (
    "社区领导定期坐班接待居民来访，面对面听取大家的意见，心贴心化解群众的难题，"
    "问题查清、难题解决、措施落实，件件都要有回音！"
)


def test_each_poster_prints_on_one_sheet_of_its_paper(live_server, browser):
    assert len(LONG) == TEXT_MAX_LENGTH
    short = Slogan.objects.create(text="廉洁从家起，清风满门庭", sort_order=1)
    classic = Slogan.objects.create(
        text="其身正，不令而行；其身不正，虽令不从", source="《论语·子路》", sort_order=2
    )
    # The most a sheet has to hold: the longest slogan and a source.
    long = Slogan.objects.create(text=LONG, source="《信访工作条例》", sort_order=3)

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    for (size, orientation), (paper, window) in PAPERS.items():
        for slogan in (short, long):
            page.set_viewport_size({"width": window[0], "height": window[1]})
            page.goto(
                f"{live_server.url}/slogans/{slogan.pk}/poster/"
                f"?size={size}&orientation={orientation}"
            )
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            pages = pdf_pages(pdf)
            assert len(pages) == 1, (size, orientation, slogan.text, pages)
            assert is_paper(pages[0], paper), (size, orientation, pages)
            if slogan is long:
                (ARTIFACTS / f"slogan-poster-{size}-{orientation}.pdf").write_bytes(pdf)
            # Printed, the slogan and its source sit inside the sheet: nothing is cut off.
            page.emulate_media(media="print")
            assert page.evaluate(
                """() => {
                  const body = document.querySelector('.slogan-sheet-body');
                  const sheet = document.querySelector('.slogan-sheet').getBoundingClientRect();
                  const foot = document.querySelector('.slogan-sheet-foot').getBoundingClientRect();
                  return body.scrollHeight <= body.clientHeight && foot.bottom <= sheet.bottom;
                }"""
            ), (size, orientation, slogan.text)
            page.emulate_media(media="null")
    context.close()

    for width, height in ((360, 740), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/slogans/")
        assert page.locator("[data-slogan]").count() == 3
        assert no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"slogans-{width}.png"), full_page=True)
        page.locator(f'[data-slogan="{classic.pk}"] a').click()
        page.wait_for_url(f"**/slogans/{classic.pk}/poster/")
        assert no_sideways_scroll(page)
        # The sheet is a preview in the paper's proportions, inside the window.
        box = page.locator(".slogan-sheet").bounding_box()
        assert box["width"] <= width and abs(box["height"] / box["width"] - 297 / 210) < 0.01
        page.screenshot(path=str(ARTIFACTS / f"slogan-poster-{width}.png"), full_page=True)
        context.close()
