"""Admin pages carry the admin's own Content-Security-Policy; public pages keep the strict one;
a page preview inside the admin carries the admin's, so the preview panel may frame it."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ADMIN_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.staff_user("boss", superuser=True))
    return client


def test_the_main_admin_screens_carry_the_admin_policy(superuser_client):
    index = factories.article_index()
    page = factories.article(index, title="廉政小故事")
    factories.image()
    factories.question()
    screens = [
        "/admin/",
        f"/admin/pages/{page.pk}/edit/",
        "/admin/images/chooser/",
        "/admin/events/questions/",
        "/admin/work-report/",
        "/admin/two-factor/",
        "/admin/login-locks/",
    ]
    for url in screens:
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == ADMIN_POLICY, url


def test_the_sign_in_page_carries_the_admin_policy(client):
    assert policy(client.get("/admin/login/")) == ADMIN_POLICY


def test_public_pages_keep_the_strict_policy(client):
    response = client.get("/")
    rules = policy(response)
    assert rules["script-src"] == "'self'"
    assert rules["style-src"] == "'self'"
    assert rules["frame-ancestors"] == "'none'"


def test_a_page_preview_may_be_framed_by_the_admin(superuser_client):
    index = factories.article_index()
    page = factories.article(index, title="廉政小故事")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "廉政小故事（修改稿）",
            "slug": page.slug,
            "date": "2026-11-01",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "related_links": inline_formset([]),
        }
    )
    answer = superuser_client.post(url, form)
    assert answer.json()["is_valid"], answer.content
    response = superuser_client.get(url + "?in_preview_panel=true")
    assert response.status_code == 200
    assert "廉政小故事（修改稿）" in response.content.decode()
    assert policy(response) == ADMIN_POLICY
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_admin_fetches_nothing_from_outside(settings):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert all("http" not in value for value in ADMIN_POLICY.values())
