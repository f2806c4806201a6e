"""What a worker keeps between requests (home.versions.Kept): the sites, the pages on the way to
an address and the page itself are read once, and any change to the pages is seen at once."""

import pytest
from django.db import transaction
from wagtail.models import Page

from home import routing, versions
from home.chrome import content_changed
from home.models import StandardPage
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_every_caller_gets_its_own_copy_until_the_pages_change():
    reads = []

    def read():
        reads.append(1)
        return {"title": "关于我们"}

    kept = versions.Kept("test-copies", size=2, shared=False, copies=True)
    first = kept.get("about", read)
    first["title"] = "被请求改过"
    assert kept.get("about", read) == {"title": "关于我们"}
    assert len(reads) == 1
    versions.move(versions.PAGES)
    assert kept.get("about", read) == {"title": "关于我们"}
    assert len(reads) == 2


def test_a_worker_keeps_the_last_ones_it_used():
    reads = []
    kept = versions.Kept("test-size", size=2, shared=False)
    for name in ("a", "b", "a", "c", "a", "b"):
        kept.get(name, lambda name=name: reads.append(name) or name)
    # "a" was used again before "c" came, so "b" went first; then "b" was read again.
    assert reads == ["a", "b", "c", "b"]


def test_a_change_moves_the_pages_again_when_it_commits(django_capture_on_commit_callbacks):
    """A request that reads between a publish and its commit sees the old rows: what it keeps
    under the version the publish moved to is retired when the publish commits."""
    before = versions.current(versions.PAGES)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        content_changed()
        during = versions.current(versions.PAGES)
    assert before < during < versions.current(versions.PAGES)


def test_a_page_viewed_again_is_routed_without_a_query(client, django_assert_num_queries):
    section = factories.section_page(title="关于", slug="about-us")
    factories.standard_page(parent=section, title="社区简介", slug="intro")
    assert client.get("/about-us/intro/").status_code == 200
    with django_assert_num_queries(0):
        response = client.get("/about-us/intro/")
    assert "社区简介" in response.content.decode()


def test_pages_made_or_changed_without_publishing_are_seen_at_once(client):
    """A script that adds a live page or saves one directly moves no publishing signal; the
    kept routes and pages are read again all the same."""
    section = factories.section_page(title="关于", slug="about-us")
    intro = factories.standard_page(parent=section, title="社区简介", slug="intro")
    assert client.get("/about-us/history/").status_code == 404
    assert client.get("/about-us/intro/").status_code == 200

    section.add_child(instance=StandardPage(title="社区历史", slug="history", live=True))
    assert "社区历史" in client.get("/about-us/history/").content.decode()

    intro.title = "社区简介（新）"
    intro.save()
    assert "社区简介（新）" in client.get("/about-us/intro/").content.decode()


def test_a_page_deleted_between_the_reads_of_routing_is_not_found(client, monkeypatch):
    """Another request deletes the page after this one read the pages on the way and before it
    reads the page itself: 404, not an error."""
    section = factories.section_page(title="关于", slug="about-us")
    intro = factories.standard_page(parent=section, title="社区简介", slug="intro")
    read_rows = routing._rows_on_the_way

    def and_then_deleted(start, components):
        rows = read_rows(start, components)
        Page.objects.filter(pk=intro.pk).delete()
        return rows

    monkeypatch.setattr(routing, "_rows_on_the_way", and_then_deleted)
    assert client.get("/about-us/intro/").status_code == 404
