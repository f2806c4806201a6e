"""On a 360px phone a failed form opens at its error summary, focused, with links to the fields."""

import pytest

from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUMMARY = """() => {
  const summary = document.getElementById("form-errors");
  const box = summary.getBoundingClientRect();
  return {
    focused: document.activeElement === summary,
    inView: box.top >= 0 && box.top < window.innerHeight && box.bottom > 0,
  };
}"""


def test_an_empty_form_opens_at_its_focused_error_summary(live_server, browser):
    event = factories.event(factories.event_index(), title="廉政文化专题讲座")
    suggestions = factories.suggestion_form(factories.suggestion_index())
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()

    page.goto(live_server.url + event.url)
    page.locator("#register button[type=submit]").click()
    page.wait_for_url(f"**{event.url}register/#form-errors")
    assert page.evaluate(SUMMARY) == {"focused": True, "inView": True}
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "form-errors-registration-360.png")
    # A link in the summary takes the resident to the field.
    page.locator("#form-errors a[href='#id_phone']").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"

    page.goto(live_server.url + suggestions.url)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**{suggestions.url}#form-errors")
    assert page.evaluate(SUMMARY) == {"focused": True, "inView": True}
    assert no_sideways_scroll(page)
    page.screenshot(path=ARTIFACTS / "form-errors-suggestion-360.png")
    context.close()
