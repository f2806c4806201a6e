"""Chinese search: the same answers on SQLite and PostgreSQL (run again with -m postgres)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.search import build_query, segment, title_matches
from tests import factories

pytestmark = [pytest.mark.postgres]


def result_titles(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    results = response.context["results"]
    return [page.title for page in results] if results else []


@pytest.fixture
def corpus(db):
    index = factories.article_index()
    notices = factories.notice_index()
    factories.article(
        index,
        title="社区开展廉政建设知识竞赛活动",
        body_text="居民踊跃报名参加答题，现场气氛热烈。",
        date=datetime.date(2026, 9, 1),
    )
    factories.article(
        index,
        title="信访工作简报",
        body_text="做好群众来访接待，落实廉政责任，推动问题解决。",
        date=datetime.date(2026, 10, 1),
    )
    factories.article(
        index,
        title="依法行政廉洁奉公",
        body_text="坚持依法行政，干部清白做事。",
        date=datetime.date(2026, 10, 5),
    )
    factories.notice(notices, title="关于召开居民会议的通知", intro="会议将讨论廉政宣传栏的布置。")
    factories.standard_page(title="关于我们", intro="清风社区倡导廉政文化进家庭。")
    return index


def test_segment_spaces_han_and_keeps_words_whole():
    assert segment("2026年廉政建设") == "2026 年 廉 政 建 设"
    assert segment("ＡＢ２０２６ 知识") == "ab2026 知 识"
    assert segment("《廉政》！") == "廉 政"


def test_query_of_punctuation_only_is_not_searchable():
    assert build_query("！？。，") is None
    assert build_query("   ") is None


def test_title_match_is_in_order():
    assert title_matches("社区开展廉政建设", "廉政")
    assert not title_matches("依法行政廉洁奉公", "廉政")


def test_two_character_word_inside_running_text(client, corpus):
    titles = result_titles(client, "廉政")
    assert set(titles) == {
        "社区开展廉政建设知识竞赛活动",
        "信访工作简报",
        "关于召开居民会议的通知",
        "关于我们",
    }


def test_reversed_characters_do_not_match(client, corpus):
    # "依法行政廉洁" holds 政 then 廉, never 廉政.
    assert "依法行政廉洁奉公" not in result_titles(client, "廉政")
    assert result_titles(client, "政廉") == ["依法行政廉洁奉公"]
    assert result_titles(client, "竞赛知识") == []


def test_four_character_phrase(client, corpus):
    assert result_titles(client, "知识竞赛") == ["社区开展廉政建设知识竞赛活动"]


def test_every_word_is_required(client, corpus):
    assert result_titles(client, "廉政 信访") == ["信访工作简报"]
    assert result_titles(client, "廉政　宣传栏") == ["关于召开居民会议的通知"]  # ideographic space


def test_title_matches_rank_first(client, corpus):
    titles = result_titles(client, "廉政")
    # Only the first has 廉政 in its title; the others follow, newest published first.
    assert titles[0] == "社区开展廉政建设知识竞赛活动"
    # Each result shows the article's own date, not the day it was published on the site.
    assert "2026年9月1日" in client.get("/search/", {"q": "廉政"}).content.decode()


def test_drafts_and_index_pages_are_not_found(client, corpus):
    draft = factories.article(corpus, title="廉政草稿")
    draft.unpublish()
    titles = result_titles(client, "廉政")
    assert "廉政草稿" not in titles
    assert "廉政文化" not in titles  # the article index page itself


def test_results_paginate(client, corpus):
    for number in range(12):
        factories.article(corpus, title=f"分页测试第{number}篇", body_text="分页")
    first = result_titles(client, "分页测试")
    second = result_titles(client, "分页测试", page=2)
    assert len(first) == 10 and len(second) == 2
    assert not set(first) & set(second)
    response = client.get("/search/", {"q": "分页测试"})
    assert "page=2" in response.content.decode()


def test_empty_query_shows_a_prompt(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "知识竞赛" in response.content.decode()  # the example in the prompt
    assert response.context["results"] is None


def test_overlong_query_is_cut_with_a_message(client, corpus):
    response = client.get("/search/", {"q": "廉政" + "啊" * 300})
    assert response.status_code == 200
    assert len(response.context["search_query"]) == 50
    assert "前 50 个字" in response.content.decode()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=120))
def test_any_query_answers_without_error(client, corpus, query):
    response = client.get("/search/", {"q": query.replace("\x00", ""), "page": "abc"})
    assert response.status_code == 200
