"""The site of a request, chosen from one read of every site (home.sites), is the one Wagtail
would choose, and page addresses are built from the same root paths."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from home import versions
from home.sites import choose, root_paths
from tests import factories

pytestmark = pytest.mark.django_db

HOSTS = [
    ("testserver", 80),
    ("localhost", 80),
    ("a.example.cn", 80),
    ("a.example.cn", 8000),
    ("b.example.cn", 80),
    ("b.example.cn", 8443),
    ("unknown.example.cn", 80),
]


def wagtails_choice(hostname, port):
    request = RequestFactory().get("/", HTTP_HOST=hostname, SERVER_PORT=str(port))
    return Site.find_for_request(request)


def sites_read_once():
    return list(Site.objects.select_related("root_page__homepage", "root_page__locale"))


def assert_same_choices():
    sites = sites_read_once()
    for hostname, port in HOSTS:
        assert choose(sites, hostname, port) == wagtails_choice(hostname, port), (hostname, port)
    assert root_paths(sites) == Site.get_site_root_paths()


def test_the_port_is_the_one_the_server_was_reached_on(client):
    other = factories.standard_page(title="八千端口的站点", slug="port-8000")
    Site.objects.create(hostname="a.example.cn", port=8000, root_page=other)
    Site.objects.create(hostname="a.example.cn", port=80, root_page=factories.home_page())
    response = client.get("/", HTTP_HOST="a.example.cn", SERVER_PORT="8000")
    assert "八千端口的站点" in response.content.decode()
    response = client.get("/", HTTP_HOST="a.example.cn", SERVER_PORT="80")
    assert "八千端口的站点" not in response.content.decode()


def test_one_site_answers_every_host_as_wagtail_does():
    assert_same_choices()
    assert choose(sites_read_once(), "unknown.example.cn", 80).is_default_site


def test_several_sites_are_chosen_by_host_and_port_as_wagtail_does():
    home = factories.home_page()
    other = factories.standard_page(title="另一个站点")
    Site.objects.create(hostname="a.example.cn", port=80, root_page=other)
    Site.objects.create(hostname="a.example.cn", port=8000, root_page=home)
    Site.objects.create(hostname="b.example.cn", port=8443, root_page=other)
    Site.clear_site_root_paths_cache()
    assert_same_choices()
    assert choose(sites_read_once(), "a.example.cn", 8000).port == 8000


def test_no_default_site_and_no_match_is_no_site():
    Site.objects.create(hostname="b.example.cn", port=80, root_page=factories.standard_page())
    Site.objects.create(hostname="b.example.cn", port=81, root_page=factories.standard_page())
    Site.objects.update(is_default_site=False)
    assert choose(sites_read_once(), "unknown.example.cn", 80) is None
    assert wagtails_choice("unknown.example.cn", 80) is None
    # Two sites with the host but neither on the port nor the default: Wagtail finds none.
    assert choose(sites_read_once(), "b.example.cn", 8443) is None
    assert wagtails_choice("b.example.cn", 8443) is None


def test_a_site_whose_root_is_not_the_home_page_serves_its_own_pages(client):
    section = factories.section_page(title="第二站点", slug="second")
    factories.standard_page(parent=section, title="第二站点的页面", slug="inside")
    Site.objects.create(hostname="second.example.cn", port=80, root_page=section)
    response = client.get("/inside/", HTTP_HOST="second.example.cn")
    assert response.status_code == 200
    assert "第二站点的页面" in response.content.decode()
    # The default site still answers its own host, its home page read with the site.
    assert client.get("/", HTTP_HOST="testserver").status_code == 200
    assert client.get("/inside/", HTTP_HOST="testserver").status_code == 404


def test_the_home_page_read_with_the_site_is_the_whole_page(client, django_assert_num_queries):
    home = factories.home_page()
    home.intro = "欢迎来到清风社区。"
    home.save_revision().publish()
    client.get("/")
    # The page's own fields come with the site: once the sites and the pages on the way are read
    # again (the pages changed), no query reads the home page's row again.
    versions.move(versions.PAGES)
    with django_assert_num_queries(2):
        response = client.get("/")
    assert "欢迎来到清风社区。" in response.content.decode()
    assert Page.objects.get(pk=home.pk).specific.intro == "欢迎来到清风社区。"
