"""工作报告 printed for the branch meeting: a 审核 member opens the report and prints it to PDF,
which must be A4 and at most three pages; screenshots at 1280 and 360 px for a look."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from discussions.models import FollowUpTask
from tests import factories
from tests.conftest import ARTIFACTS
from tests.e2e import no_sideways_scroll
from tests.reports.data import at, fourth_quarter_cases, reception_schedule, repeat_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

A4 = (595, 842)  # points
QUERY = "?period=dates&from=2025-10-01&to=2025-12-31"


def pdf_pages(data):
    """The size (width, height in whole points: A4 is 595.92 × 842.88) of every page of a PDF,
    read from the page objects and the MediaBox they carry or inherit."""
    text = data.decode("latin-1")
    boxes = re.findall(r"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text)
    count = len(re.findall(r"/Type\s*/Page(?![a-zA-Z])", text))
    sizes = {(int(float(width)), int(float(height))) for width, height in boxes}
    assert len(sizes) == 1, sizes
    return [sizes.pop()] * count


def test_the_report_prints_on_a4(live_server, browser):
    form = factories.suggestion_form(factories.suggestion_index())
    repeat_case(form, fourth_quarter_cases(form))
    reception_schedule()
    factories.record(
        factories.discussion_index(),
        start=at("2025-11-05 19:00"),
        tasks=[FollowUpTask(task="走访独居老人", due_date=at("2025-12-15 00:00").date())],
    )
    user = get_user_model().objects.create_user(
        "reviewer", password="pw-qingfeng-123", last_name="李", first_name="建国"
    )
    user.groups.add(Group.objects.get(name="审核"))

    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", "pw-qingfeng-123")
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/work-report/{QUERY}")
        assert (
            page.locator('[data-metric="timely_acceptance_rate"]').get_attribute("data-value")
            == "0.75"
        )
        assert page.locator("a[data-export=xlsx]").count() == 1
        assert no_sideways_scroll(page)
        page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=True)
        if width == 1280:
            page.emulate_media(media="print")
            assert not page.locator(".qf-report__picker").is_visible()
            pdf = page.pdf(format="A4", print_background=True)
            (ARTIFACTS / "report.pdf").write_bytes(pdf)
            page.screenshot(path=str(ARTIFACTS / "report-print.png"), full_page=True)
            pages = pdf_pages(pdf)
            assert 1 <= len(pages) <= 3, pages
            assert all(size == A4 for size in pages), pages
        context.close()
