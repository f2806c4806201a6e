"""Wagtail's own page search finds Chinese words: the dashboard box and the page search view,
the explorer's search and the page choosers (run again with -m postgres)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page

from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TITLES = {
    "低保": "城乡低保政策问答",
    "家规家训": "晒晒我家的家规家训",
    "堆物": "楼道堆物清理倡议",
}
BODY_ONLY = "社区便民服务点开放时间"
BODY_WORD = "修缮"


@pytest.fixture
def pages(db):
    articles = factories.article_index()
    notices = factories.notice_index()
    factories.article(articles, title=TITLES["低保"], body_text="申请条件和办理流程。")
    factories.article(articles, title=TITLES["家规家训"], body_text="好家风代代相传。")
    factories.notice(notices, title=TITLES["堆物"])
    factories.article(articles, title=BODY_ONLY, body_text=f"老年活动室{BODY_WORD}后重新开放。")
    factories.article(articles, title="Wagtail 培训 workshop 通知")
    factories.notice(notices, title="停水通知")
    return Page.objects.get(pk=factories.home_page().pk)


@pytest.fixture
def editor(client):
    user = User.objects.create_user("li", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    return user


def listed_titles(response):
    """The page titles in Wagtail's listing, each with the link it carries."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = {}
    for cell in soup.select("td.title"):
        link = cell.select_one("a[href]")
        if link is not None:
            found[link.get_text(" ", strip=True)] = link["href"]
    return found


def page_search(client, query):
    return listed_titles(client.get(reverse("wagtailadmin_pages:search"), {"q": query}))


def explorer_search(client, home, query):
    return listed_titles(client.get(reverse("wagtailadmin_explore", args=[home.pk]), {"q": query}))


def chooser_search(client, query):
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {link.get_text(" ", strip=True): link["href"] for link in soup.select("td.title a")}


ENTRY_POINTS = {
    "page search": lambda client, home, query: page_search(client, query),
    "explorer": explorer_search,
    "chooser": lambda client, home, query: chooser_search(client, query),
}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("word", list(TITLES))
def test_a_chinese_word_inside_a_title_is_found(client, pages, editor, entry, word):
    found = ENTRY_POINTS[entry](client, pages, word)
    assert TITLES[word] in found
    assert "停水通知" not in found


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_word_only_in_the_body_is_found(client, pages, editor, entry):
    assert BODY_ONLY in ENTRY_POINTS[entry](client, pages, BODY_WORD)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_latin_words_and_reversed_characters(client, pages, editor, entry):
    search = ENTRY_POINTS[entry]
    assert "Wagtail 培训 workshop 通知" in search(client, pages, "workshop")
    assert TITLES["低保"] not in search(client, pages, "保低")


def test_each_title_links_to_its_edit_view(client, pages, editor):
    page = Page.objects.get(title=TITLES["低保"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page_search(client, "低保")[TITLES["低保"]] == edit_url
    assert explorer_search(client, pages, "低保")[TITLES["低保"]] == edit_url


def test_the_dashboard_box_leads_to_the_chinese_search(client, pages, editor):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    form = BeautifulSoup(html, "html.parser").find("form", attrs={"role": "search"})
    assert form.find("input", attrs={"name": "q"})["placeholder"]
    # The box searches the explorer from the user's top page down.
    found = listed_titles(client.get(form["action"], {"q": "家规家训"}))
    assert list(found) == [TITLES["家规家训"]]


def test_every_word_of_a_query_must_match(client, pages, editor):
    assert list(page_search(client, "低保 问答")) == [TITLES["低保"]]
    assert page_search(client, "低保\u3000堆物") == {}


@pytest.mark.parametrize("query", ["！？。", '()*"', "AND OR NOT", "低" * 400, "<script>"])
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_query_that_cannot_be_searched_lists_nothing(client, pages, editor, entry, query):
    assert ENTRY_POINTS[entry](client, pages, query) == {}


def test_the_chooser_search_keeps_to_the_page_type_asked_for(client, pages, editor):
    response = client.get(
        reverse("wagtailadmin_choose_page_search"),
        {"q": "通知", "page_type": "home.noticepage"},
    )
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    titles = {link.get_text(" ", strip=True) for link in soup.select("td.title a")}
    assert titles == {"停水通知"}
