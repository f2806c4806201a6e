"""宣传栏标语: staff keep them in the admin (编辑 and 审核, never the volunteers at the door),
residents read them at /slogans/, the home page shows one a day, and each has a poster."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home import demo_slogans
from home.slogans import Slogan, slogan_of_the_day
from tests.test_staff_roles import menu

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
DAY_ONE = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING)
TODAYS = re.compile(r'<section class="home-slogan".*?<blockquote><p>(.*?)</p>', re.S)
LISTED = re.compile(r'data-slogan="(\d+)"')


def slogans(count, **fields):
    return [
        Slogan.objects.create(text=f"清风标语第{number}条", sort_order=number, **fields)
        for number in range(1, count + 1)
    ]


def member(group):
    user = get_user_model().objects.create_user(f"member-{group}", password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def todays_slogan(client):
    response = client.get("/")
    assert response.status_code == 200
    found = TODAYS.search(response.content.decode())
    return found.group(1) if found else None


# --- The admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["编辑", "审核"])
def test_editors_and_reviewers_keep_the_slogans(client, group):
    user = member(group)
    for action in ("add", "change", "delete", "view"):
        assert user.has_perm(f"home.{action}_slogan"), action
    assert "/admin/slogans/" in menu(user).values()

    client.force_login(user)
    created = client.post(
        "/admin/slogans/add/",
        {"text": "  干部作风正，\n群众心气顺 ", "source": "", "enabled": "on"},
    )
    assert created.status_code == 302
    added = Slogan.objects.get()
    # White space folded, so that the poster's lines break where the words do.
    assert added.text == "干部作风正， 群众心气顺" and added.enabled

    too_long = client.post("/admin/slogans/add/", {"text": "廉" * 61, "enabled": "on"})
    assert too_long.status_code == 200 and Slogan.objects.count() == 1

    edited = client.post(
        f"/admin/slogans/edit/{added.pk}/", {"text": added.text, "source": "社区议事会"}
    )
    assert edited.status_code == 302
    added.refresh_from_db()
    assert added.source == "社区议事会" and not added.enabled
    assert client.post(f"/admin/slogans/delete/{added.pk}/").status_code == 302
    assert not Slogan.objects.exists()


def test_volunteers_at_the_door_neither_see_nor_open_the_slogans(client):
    user = member("活动志愿者")
    assert "/admin/slogans/" not in menu(user).values()
    slogan = Slogan.objects.create(text="廉洁从家起，清风满门庭")
    client.force_login(user)
    for url in ("/admin/slogans/", "/admin/slogans/add/", f"/admin/slogans/edit/{slogan.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/admin/slogans/delete/{slogan.pk}/").status_code == 403
    assert Slogan.objects.filter(pk=slogan.pk).exists()


def test_staff_find_slogans_by_any_words_and_by_the_switch(client):
    Slogan.objects.create(text="其身正，不令而行", source="《论语·子路》", sort_order=1)
    Slogan.objects.create(text="小事不出社区，矛盾就地化解", sort_order=2)
    Slogan.objects.create(text="廉洁从家起，清风满门庭", enabled=False, sort_order=3)
    client.force_login(member("编辑"))

    def listed(query):
        html = client.get(f"/admin/slogans/{query}").content.decode()
        return [text for text in ("其身正", "小事不出社区", "廉洁从家起") if text in html]

    assert listed("") == ["其身正", "小事不出社区", "廉洁从家起"]
    assert listed("?q=论语") == ["其身正"]  # the source is searched too
    assert listed("?q=社区") == ["小事不出社区"]  # two characters inside running text
    assert listed("?enabled=false") == ["廉洁从家起"]


# --- The public list ---------------------------------------------------------------------------


def test_residents_see_the_slogans_in_use_in_staff_order_each_with_its_poster(client):
    first, second = slogans(2)
    second.sort_order = 0
    second.save()
    hidden = Slogan.objects.create(text="暂不张贴的标语", enabled=False)
    Slogan.objects.filter(pk=first.pk).update(source="《论语·里仁》")

    response = client.get("/slogans/")
    html = response.content.decode()
    assert response.status_code == 200
    assert LISTED.findall(html) == [str(second.pk), str(first.pk)]
    assert "——《论语·里仁》" in html
    assert f'href="/slogans/{first.pk}/poster/"' in html
    assert hidden.text not in html


def test_the_list_pages_twenty_at_a_time(client):
    made = slogans(21)
    assert len(LISTED.findall(client.get("/slogans/").content.decode())) == 20
    second = client.get("/slogans/?page=2").content.decode()
    assert LISTED.findall(second) == [str(made[-1].pk)]
    # A page number that is not one shows the first page rather than an error.
    assert client.get("/slogans/?page=abc").status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_whatever_its_length(client, django_assert_num_queries, count):
    slogans(count)
    client.get("/slogans/")  # the site chrome is cached on a running site
    # The count for the pages and the slogans; the sites are kept (home.sites).
    with django_assert_num_queries(2):
        client.get("/slogans/")


# --- One a day on the home page ------------------------------------------------------------------


def test_the_home_page_shows_one_slogan_a_day_the_same_for_everyone(client):
    made = slogans(5)
    texts = {slogan.text for slogan in made}
    with time_machine.travel(DAY_ONE, tick=False) as clock:
        first = todays_slogan(client)
        assert first in texts
        # Another resident, later that day and with nothing cached, gets the same slogan.
        clock.move_to(DAY_ONE.replace(hour=23, minute=59))
        cache.clear()
        assert todays_slogan(Client()) == first
        # The next day, from Beijing's midnight (16:00 UTC), the next one.
        clock.move_to(DAY_ONE.replace(day=2, hour=0, minute=1))
        second = todays_slogan(client)
        assert second in texts and second != first
        assert todays_slogan(client) == second


def test_each_slogan_in_use_takes_its_turn_and_switched_off_ones_never(client):
    made = slogans(3)
    Slogan.objects.create(text="暂不张贴的标语", enabled=False, sort_order=99)
    seen = set()
    for day in range(6):
        seen.add(slogan_of_the_day(DAY_ONE.date() + datetime.timedelta(days=day))["text"])
    assert seen == {slogan.text for slogan in made}


def test_a_slogan_switched_off_leaves_the_home_page_at_once(
    client, django_capture_on_commit_callbacks
):
    only = Slogan.objects.create(text="廉洁从家起，清风满门庭")
    with time_machine.travel(DAY_ONE, tick=False):
        assert todays_slogan(client) == only.text
        only.enabled = False
        with django_capture_on_commit_callbacks(execute=True):
            only.save()
        html = client.get("/").content.decode()
    assert "home-slogan" not in html


def test_the_days_slogan_costs_no_query_once_chosen(client):
    slogans(3)
    with time_machine.travel(DAY_ONE, tick=False):
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
    assert not [q for q in queries.captured_queries if "home_slogan" in q["sql"]]


# --- Posters -------------------------------------------------------------------------------------


def test_a_poster_carries_the_slogan_its_source_the_community_and_a_code_to_the_site(client):
    slogan = Slogan.objects.create(
        text="其身正，不令而行；其身不正，虽令不从", source="《论语·子路》"
    )
    response = client.get(f"/slogans/{slogan.pk}/poster/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="slogan-poster-page paper-a4-portrait"' in html
    # Each clause apart, so that a line breaks between them.
    assert "<span>其身正，</span><span>不令而行；</span>" in html
    assert "——《论语·子路》" in html
    assert "清风社区" in html
    assert '<svg viewBox="' in html  # the QR code, sized by the sheet
    assert html.count('aria-current="true"') == 1

    landscape = client.get(f"/slogans/{slogan.pk}/poster/?size=A3&orientation=landscape")
    assert 'class="slogan-poster-page paper-a3-landscape"' in landscape.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?size=a5", "?orientation=sideways", "?orientation=%E6%A8%AA%00", "?size=" + "a" * 500],
)
def test_a_paper_size_there_is_not_is_refused_with_the_choices(client, query):
    slogan = Slogan.objects.create(text="廉洁从家起，清风满门庭")
    response = client.get(f"/slogans/{slogan.pk}/poster/{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "没有这种纸张规格" in html  # needs the project's translations
    assert f"/slogans/{slogan.pk}/poster/?size=a3&amp;orientation=landscape" in html


def test_a_slogan_switched_off_or_gone_has_no_poster(client):
    off = Slogan.objects.create(text="暂不张贴的标语", enabled=False)
    for url in (
        f"/slogans/{off.pk}/poster/",
        f"/slogans/{off.pk + 1}/poster/",
        "/slogans/0/poster/",
        "/slogans/99999999999999999999999/poster/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_demo_has_twenty_slogans_however_often_it_is_loaded():
    staff_own = Slogan.objects.create(text="社区自己的标语", sort_order=50)
    assert demo_slogans.load() == {"宣传栏标语": 20}
    demo_slogans.load()
    assert Slogan.objects.count() == 21 and Slogan.objects.filter(pk=staff_own.pk).exists()
    texts = list(Slogan.objects.exclude(pk=staff_own.pk).values_list("text", flat=True))
    assert len(set(texts)) == 20 and all(len(text) <= 60 for text in texts)
    assert Slogan.objects.exclude(source="").count() >= 5


def test_the_slogan_pages_read_in_chinese(client):
    """Needs the project's translations: no English word on the list, a poster, a refusal or
    the home page's slogan."""
    from tests.home.test_chinese_first import english_words

    demo_slogans.load()
    first = Slogan.objects.order_by("sort_order").first()
    home = client.get("/").content.decode()
    section = re.search(r'<section class="home-slogan".*?</section>', home, re.S).group(0)
    assert english_words("<body>" + section) == []
    for url in (
        "/slogans/",
        f"/slogans/{first.pk}/poster/",
        f"/slogans/{first.pk}/poster/?size=a3&orientation=landscape",
        f"/slogans/{first.pk}/poster/?size=a5",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert english_words(response.content.decode()) == [], url


# --- Whole pages kept for visitors show a slogan edit at once ------------------------------------


def listed_texts(client):
    response = client.get("/slogans/")
    assert response.status_code == 200
    return re.findall(r"清风标语第\d+条|廉洁从家起，清风满门庭", response.content.decode())


def test_editing_a_slogan_shows_at_once_on_pages_kept_for_visitors(
    client, settings, django_capture_on_commit_callbacks
):
    settings.QINGFENG_PAGE_CACHE = True
    first, second = slogans(2)
    with time_machine.travel(DAY_ONE, tick=False):
        todays = todays_slogan(client)
        assert client.get("/").get("X-Page-Cache") == "hit"
        assert listed_texts(client) == ["清风标语第1条", "清风标语第2条"]
        assert client.get("/slogans/").get("X-Page-Cache") == "hit"
        shown = first if todays == first.text else second

        # Reworded: the home page and the list show the new words on the next request.
        shown.text = "廉洁从家起，清风满门庭"
        with django_capture_on_commit_callbacks(execute=True):
            shown.save()
        assert todays_slogan(client) == "廉洁从家起，清风满门庭"
        assert "廉洁从家起，清风满门庭" in listed_texts(client)

        # Switched off, then on again.
        shown.enabled = False
        with django_capture_on_commit_callbacks(execute=True):
            shown.save()
        assert todays_slogan(client) != "廉洁从家起，清风满门庭"
        assert "廉洁从家起，清风满门庭" not in listed_texts(client)
        shown.enabled = True
        with django_capture_on_commit_callbacks(execute=True):
            shown.save()
        assert "廉洁从家起，清风满门庭" in listed_texts(client)

        # Deleted: gone from both.
        with django_capture_on_commit_callbacks(execute=True):
            shown.delete()
        assert "廉洁从家起，清风满门庭" not in listed_texts(client)
        assert todays_slogan(client) != "廉洁从家起，清风满门庭"
        assert client.get("/").get("X-Page-Cache") == "hit"


def test_staff_reordering_slogans_shows_the_new_order_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.QINGFENG_PAGE_CACHE = True
    slogans(3)
    visitor = Client()
    assert listed_texts(visitor) == ["清风标语第1条", "清风标语第2条", "清风标语第3条"]
    assert visitor.get("/slogans/").get("X-Page-Cache") == "hit"
    client.force_login(member("编辑"))
    last = Slogan.objects.get(text="清风标语第3条")
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(f"/admin/slogans/reorder/{last.pk}/?position=0")
    assert moved.status_code == 200
    assert listed_texts(visitor) == ["清风标语第3条", "清风标语第1条", "清风标语第2条"]
