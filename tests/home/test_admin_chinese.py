"""The admin speaks Chinese: names family name first, no English on the screens staff use, a
Chinese staff handbook behind the help menu, and exports with Chinese sheet names."""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Collection, Page
from wagtail.users.models import UserProfile

from home.admin_ui import sheet_title
from home.formatting import full_name, person_name
from tests import factories

pytestmark = pytest.mark.django_db


def staff(username, *groups, first_name="", last_name=""):
    user = User.objects.create_user(
        username, password="pw-for-tests-only", first_name=first_name, last_name=last_name
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "zh-hans"
    profile.save()
    return user


@pytest.fixture
def li(db):
    return staff("li", "编辑", first_name="建国", last_name="李")


def visible_text(html):
    """What a staff member reads on the screen: text, tooltips, placeholders and button
    captions; not scripts, hidden elements or text for screen readers only."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template", "noscript", "svg", "code", "pre"]):
        tag.decompose()
    for tag in soup.select("[hidden], .w-sr-only, .visuallyhidden"):
        tag.decompose()
    parts = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        parts.extend(tag.get(name, "") for name in ("title", "placeholder", "alt"))
        if tag.name == "input" and tag.get("type") in ("submit", "button"):
            parts.append(tag.get("value", ""))
    return " ".join(parts)


# Abbreviations that Chinese staff use as they are, and a language's own name in the language
# menu (English stays available).
ALLOWED = {"PDF", "CSV", "XLSX", "SMS", "QR", "ICP", "URL", "English"}
URL_RE = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u9fff]*")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def english_words(html):
    text = URL_RE.sub(" ", visible_text(html))
    words = set()
    for token in WORD_RE.findall(text):
        # Codes such as a registration code mix letters and digits; they are data, not words.
        if any(ch.isdigit() for ch in token) or token.strip("._-") in ALLOWED:
            continue
        if re.search(r"[A-Za-z]{3,}", token):
            words.add(token)
    return words


def test_english_words_are_found_and_chinese_text_passes():
    assert english_words("<p>意见建议表 (discussions.suggestionformpage)</p>") == {
        "discussions.suggestionformpage"
    }
    assert english_words('<p>浏览: Root</p><input type="submit" value="Save">') == {"Root", "Save"}
    html = (
        "<p>导出 CSV、XLSX；用于网址的名称，如http://domain.com/blog/[my-slug]/</p>"
        '<div hidden>None</div><div class="w-sr-only"><input type="submit" value="Search"></div>'
        "<p>报名码 K7PM-3QXD</p><script>var x = 'Wagtail';</script>"
    )
    assert english_words(html) == set()


# --- Names, family name first ------------------------------------------------------------------


def test_full_name_puts_a_chinese_family_name_first():
    assert full_name("建国", "李") == "李建国"
    assert full_name("Jo", "Smith") == "Jo Smith"
    assert full_name("Anna", "王") == "王 Anna"
    assert full_name("", "李") == "李"
    assert person_name(User(username="zw")) == "zw"


def test_the_dashboard_and_the_moderators_queue_name_the_editor_family_name_first(client, li):
    notices = factories.notice_index()
    page = factories.notice(notices, title="停水通知")
    revision = page.save_revision(user=li)
    page.get_workflow().start(page, li)
    assert revision.user == li

    moderator = staff("wang", "审核", first_name="芳", last_name="王")
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "王芳" in html  # the account box
    props = BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props").string
    sidebar = json.dumps(json.loads(props), ensure_ascii=False)
    assert "王芳" in sidebar and '"芳"' not in sidebar  # the account menu, not the given name
    assert "李建国" in html  # who submitted the page awaiting review
    assert "建国 李" not in html and "芳 王" not in html


def test_page_history_and_the_users_list_name_people_family_name_first(client, li):
    articles = factories.article_index()
    page = factories.article(articles, title="家规家训")
    page.title = "晒晒家规家训"
    page.save_revision(user=li, log_action=True)

    boss = User.objects.create_superuser("zw", password="pw-for-tests-only")
    client.force_login(boss)
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "李建国" in history and "建国 李" not in history
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "李建国" in users and "建国 李" not in users
    site_history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "李建国" in site_history and "建国 李" not in site_history


# --- No English on the screens staff use -----------------------------------------------------


@pytest.fixture
def site_content(db):
    # The home app's migration 0008 names the root page and the root collection 根目录.
    assert Page.objects.get(depth=1).title == "根目录"
    assert Collection.objects.get(depth=1).name == "根目录"
    articles = factories.article_index()
    notices = factories.notice_index()
    article = factories.article(articles, title="社区开展廉政建设知识竞赛活动", body_text="正文")
    factories.notice(notices, title="停水通知", pinned=True)
    form = factories.suggestion_form(factories.suggestion_index())
    return {"article": article, "articles": articles, "form": form}


def sidebar_urls(html):
    """Every admin URL the user's sidebar menu offers (it is rendered from this JSON)."""
    props = BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props")
    urls = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/admin/"):
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.string))
    return urls


# Screens of the project's own apps are checked by those apps' tests; these are Wagtail's
# screens and the home app's.
OTHER_APPS = ("/admin/events/", "/admin/suggestions/", "/admin/meeting-records/")


def test_an_editor_meets_no_english_on_the_admin_screens(client, site_content, li):
    client.force_login(li)
    article, articles = site_content["article"], site_content["articles"]
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    menu = [url for url in sidebar_urls(dashboard) if not url.startswith(OTHER_APPS)]
    assert reverse("home_staff_handbook") in menu
    screens = [
        *menu,
        reverse("wagtailadmin_explore", args=[articles.pk]),
        reverse("wagtailadmin_explore", args=[Page.get_first_root_node().pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:add", args=["home", "articlepage", articles.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:search") + "?q=廉政",
        reverse("wagtailforms:list_submissions", args=[site_content["form"].pk]),
        reverse("wagtailadmin_account"),
    ]
    found = {}
    for url in dict.fromkeys(screens):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if words := english_words(response.content.decode()):
            found[url] = sorted(words)
    assert found == {}


def test_the_group_permission_screen_shows_no_english_to_a_superuser(client, site_content):
    client.force_login(User.objects.create_superuser("zw", password="pw-for-tests-only"))
    group = Group.objects.get(name="编辑")
    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert response.status_code == 200
    assert english_words(response.content.decode()) == set()


def test_live_pages_read_as_published(client, site_content, li):
    client.force_login(li)
    html = client.get(reverse("wagtailadmin_explore", args=[site_content["articles"].pk]))
    text = visible_text(html.content.decode())
    assert "已发布" in text and "在用" not in text


def test_the_forms_listing_names_the_form_type_without_technical_labels(client, site_content, li):
    client.force_login(li)
    html = client.get(reverse("wagtailforms:index")).content.decode()
    assert "意见建议表" in html
    assert "suggestionformpage" not in visible_text(html)


# --- The help menu and the staff handbook ----------------------------------------------------

HANDBOOK_SECTIONS = ["发布文章和通知", "组织一场活动", "知识竞赛", "办理意见建议", "议事记录"]


def test_the_help_menu_opens_the_staff_handbook_not_wagtails_guide(client, li):
    client.force_login(li)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("home_staff_handbook") in sidebar_urls(dashboard)
    assert "guide.wagtail.org" not in dashboard
    account_box = BeautifulSoup(dashboard, "html.parser").select_one("[data-staff-handbook-link]")
    assert account_box["href"] == reverse("home_staff_handbook")


def test_the_handbook_has_its_sections_for_any_staff_member(client):
    volunteer = User.objects.create_user("door", password="pw-for-tests-only")
    group = Group.objects.create(name="仅后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    volunteer.groups.add(group)
    client.force_login(volunteer)
    response = client.get(reverse("home_staff_handbook"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    headings = [h.get_text(strip=True) for h in soup.select("[data-handbook-section] > h2")]
    for section in HANDBOOK_SECTIONS:
        assert any(section in heading for heading in headings), section
    groups = soup.select_one("#groups").get_text()
    assert all(name in groups for name in ("编辑", "审核", "活动志愿者"))
    assert english_words(response.content.decode()) <= {"XLSX", "CSV"}


def test_the_handbook_is_for_staff_only(client):
    response = client.get(reverse("home_staff_handbook"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Exports with Chinese sheet names --------------------------------------------------------


def test_sheet_titles_are_what_excel_accepts():
    assert sheet_title("报名记录") == "报名记录"
    assert sheet_title("成绩：廉政知识竞赛[第1期]/线上") == "成绩：廉政知识竞赛 第1期 线上"
    long_title = "社区廉政文化建设" * 6
    assert sheet_title(long_title) == long_title[:31]
    assert sheet_title("'") and sheet_title("'") != "'"


def test_an_xlsx_export_names_its_sheet_after_the_listing(client):
    events = factories.event_index()
    factories.event(events, title="家风讲座")
    client.force_login(User.objects.create_superuser("zw", password="pw-for-tests-only"))
    url = reverse("event_registrations:index")
    listing = client.get(url)
    title = str(listing.context["page_title"])
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [title]
    assert re.search(r"[\u4e00-\u9fff]", title) and title != "Sheet1"
