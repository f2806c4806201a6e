"""The admin under its own Content-Security-Policy: a superuser and an 编辑 member walk the
main admin screens in Chromium (every link of their menu, the page editor with its preview
panel and image chooser, image upload, the account, two-step verification and sign-in locks)
and the browser reports no violation of the policy."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests import factories
from tests.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "pw-qingfeng-123"
# Collected in the page before its own scripts run: what the browser refused, and why.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => window.__cspViolations.push(
    event.violatedDirective + ' ' + event.blockedURI + ' at ' + event.sourceFile));
"""


def signed_in(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")
    return context, page, refused


def menu_urls(page):
    """Every admin link of the user's sidebar menu, submenus included."""
    props = json.loads(page.locator("#wagtail-sidebar-props").text_content())
    found = []

    def walk(value):
        if isinstance(value, dict):
            url = value.get("url")
            if isinstance(url, str) and url.startswith("/admin/") and "logout" not in url:
                found.append(url)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(props)
    return list(dict.fromkeys(found))


def visit(page, base, url, violations):
    page.goto(base + url, wait_until="networkidle")
    violations.extend(f"{url}: {v}" for v in page.evaluate("window.__cspViolations"))


@pytest.fixture
def site():
    index = factories.article_index()
    article = factories.article(index, title="廉政小故事", body_text="清风正气")
    factories.event(factories.event_index(), title="廉政知识讲座")
    factories.image("议事圆桌")
    factories.question()
    boss = factories.staff_user("boss", superuser=True)
    boss.set_password(PASSWORD)
    boss.save()
    editor = get_user_model().objects.create_user("lijianguo", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="编辑"))
    return index, article


def walk_the_editor(page, base, index, article, violations):
    """The page editor: the preview panel, then a new article's image chooser."""
    visit(page, base, f"/admin/pages/{article.pk}/edit/", violations)
    page.locator("[data-side-panel-toggle='preview']").first.click()
    # The panel swaps in a fresh frame for each refresh: wait for one showing the page.
    page.wait_for_function(
        """title => [...document.querySelectorAll('iframe.w-preview__iframe')].some(
            frame => (frame.contentDocument?.body?.textContent || '').includes(title))""",
        arg=article.title,
        timeout=15000,
    )
    violations.extend(page.evaluate("window.__cspViolations"))

    visit(page, base, f"/admin/pages/add/home/articlepage/{index.pk}/", violations)
    page.locator("[data-chooser-action-choose]:visible").first.click()
    chooser = page.locator(".modal-dialog")
    expect(chooser).to_contain_text("议事圆桌", timeout=15000)
    page.wait_for_load_state("networkidle")
    violations.extend(page.evaluate("window.__cspViolations"))


def test_the_admin_runs_under_its_policy_without_a_violation(live_server, browser, site):
    index, article = site
    base = live_server.url
    violations, refused_all, walked = [], [], {}
    for username in ("boss", "lijianguo"):
        context, page, refused = signed_in(browser, base, username)
        urls = menu_urls(page)
        extra = ["/admin/account/", "/admin/two-factor/"]
        if username == "boss":
            extra += ["/admin/login-locks/", "/admin/images/multiple/add/"]
        for url in ["/admin/", *urls, *extra]:
            visit(page, base, url, violations)
        walk_the_editor(page, base, index, article, violations)
        page.screenshot(path=str(Path(ARTIFACTS) / f"admin-csp-{username}.png"))
        walked[username] = len(urls)
        refused_all.extend(refused)
        context.close()
    # The walk reached the menus it should have: the whole menu, and 编辑's own part of it.
    assert walked["boss"] >= 20, walked
    assert walked["lijianguo"] >= 10, walked
    assert violations == [], violations
    assert refused_all == [], refused_all
