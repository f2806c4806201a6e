"""Pages are found in one read of the path (home.routing) and answer as Wagtail's routing did."""

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_at_every_depth_and_what_is_not_there(client):
    section = factories.section_page(title="关于", slug="about-us")
    nested = factories.standard_page(parent=section, title="社区简介", slug="intro")
    deeper = factories.standard_page(parent=nested, title="历史", slug="history")
    draft = factories.standard_page(parent=section, title="草稿", slug="draft")
    draft.unpublish()

    page = client.get("/about-us/intro/history/")
    assert page.status_code == 200
    html = page.content.decode()
    # Every ancestor in the breadcrumbs, in order, from what routing read.
    assert html.index('href="/about-us/"') < html.index('href="/about-us/intro/"')
    assert deeper.title in html

    for path in ("/about-us/draft/", "/about-us/nothing/", "/about-us/intro/history/more/"):
        assert client.get(path).status_code == 404, path
    # A page below an unpublished one still answers, as in Wagtail.
    nested.unpublish()
    assert client.get("/about-us/intro/history/").status_code == 200


def test_a_page_below_a_private_one_asks_for_the_password(client):
    section = factories.section_page(title="内部", slug="inside")
    factories.standard_page(parent=section, title="资料", slug="papers")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get("/inside/papers/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "资料" not in response.content.decode().split("<main", 1)[-1]


def test_routable_pages_keep_their_routes_and_their_children(client):
    index = factories.suggestion_index()
    form = factories.suggestion_form(index, title="征集表", slug="form")
    assert client.get("/suggestions/").status_code == 200
    assert client.get("/suggestions/track/").status_code == 200  # a route of the index
    assert client.get("/suggestions/form/").status_code == 200  # a child page
    assert client.get(f"/suggestions/form/done/{'X' * 8}/").status_code == 404
    assert form.title in client.get("/suggestions/form/").content.decode()


def test_listings_leave_out_private_pages_and_pages_below_them(client):
    index = factories.notice_index()
    factories.notice(index, title="公开通知")
    private = factories.notice(index, title="内部通知")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    html = client.get(index.url).content.decode()
    assert "公开通知" in html and "内部通知" not in html
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    from home.models import NoticePage
    from home.selectors import notice_listing

    assert not notice_listing(NoticePage.objects.all()).exists()
