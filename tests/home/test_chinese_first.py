"""No English word leaks onto a public page in Chinese; catalogues compiled."""

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import TestCase
from django.utils import timezone
from django.utils.translation import override

from home.formatting import format_date, format_datetime, mask_name, mask_phone
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
# Words that are the same in Chinese usage: the feed format and the filing-number prefix.
ALLOWED = {"RSS", "ICP"}


class VisibleText(HTMLParser):
    """Text a reader sees or hears: element text plus alt, title, placeholder, aria-label."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html):
    body = html[html.index("<body") :]
    parser = VisibleText()
    parser.feed(body)
    text = " ".join(parser.parts)
    # Tracking codes as printed (K7PM-3QXD-9WTA) are codes, not words.
    text = re.sub(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4})+\b", " ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sorted(set(words) - ALLOWED)


@pytest.mark.django_db
def test_public_pages_have_no_english_words(client):
    articles = factories.article_index()
    notices = factories.notice_index()
    article = factories.article(articles, title="廉政文化", tags=["党建"], intro="摘要")
    today = timezone.localdate()
    notice = factories.notice(
        notices, title="公示", pinned=True, notice_start=today, notice_end=today
    )
    section = factories.section_page()
    about = factories.standard_page()
    for _ in range(11):
        factories.article(articles)
    urls = [
        "/",
        articles.url,
        articles.url + "?tag=党建",
        articles.url + "?tag=不存在",
        article.url,
        notices.url,
        notice.url,
        section.url,
        about.url,
        "/search/",
        "/search/?q=廉政",
        "/search/?q=不存在的词",
        "/search/?q=" + "长" * 80,
        "/no-such-page/",
    ]
    for url in urls:
        response = client.get(url)
        assert english_words(response.content.decode()) == [], url


def test_dates_read_the_chinese_way():
    moment = timezone.make_aware(timezone.datetime(2026, 11, 27, 14, 30))
    with override("zh-hans"):
        assert format_datetime(moment) == "2026年11月27日（星期五）14:30"
        assert format_date(moment.date()) == "2026年11月27日（星期五）"


def test_phone_numbers_are_masked():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""


def test_names_are_masked_enough_to_recognise_but_not_identify():
    assert mask_name("张三") == "张*"
    assert mask_name("张小三") == "张*三"
    assert mask_name("欧阳小明") == "欧**明"
    assert mask_name(" 张 小三 ") == "张*三"
    assert mask_name("张") == "*"
    assert mask_name("") == ""


def read_po(path):
    """msgid -> msgstr, keyed as gettext's catalogue keeps them (with context, plurals)."""
    entries, current, field = {}, {}, None
    unquote = lambda text: ast.literal_eval(text)  # noqa: E731 - po strings are C-style literals

    def flush():
        if current.get("msgid"):
            msgid = current["msgid"]
            if "msgctxt" in current:
                msgid = f"{current['msgctxt']}\x04{msgid}"
            if "msgid_plural" in current:
                for key, value in current.items():
                    if key.startswith("msgstr["):
                        entries[(msgid, int(key[7:-1]))] = value
            else:
                entries[msgid] = current.get("msgstr", "")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
            current, field = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[field] += unquote(line)
        else:
            field, _, value = line.partition(" ")
            current[field] = unquote(value)
    return entries


CATALOGUES = ["locale/zh_Hans/LC_MESSAGES", "locale_wagtail/zh_Hans/LC_MESSAGES"]


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_compiled_catalogue_matches_its_source(catalogue):
    """The committed .mo holds exactly what the committed .po says (run `make messages`)."""
    folder = ROOT / catalogue
    source = read_po(folder / "django.po")
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == source


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_message_is_translated(catalogue):
    path = ROOT / catalogue / "django.po"
    assert [msgid for msgid, text in read_po(path).items() if not text] == []
    assert "#, fuzzy" not in path.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_demo_sections_have_no_english_words(client):
    """Suggestions, reception days and the quiz, as residents meet them on the demo site."""
    from django.core.management import call_command

    from discussions.models import Suggestion

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    quiz_event = "/events/integrity-quiz-first-round/"
    person = {"name": "陈建国", "phone": "13900007777", "consent": "on"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        code_form = client.post(quiz_event + "quiz/", person)
    assert english_words(code_form.content.decode()) == []  # the verification step too
    code = factories.sent_codes(person["phone"])[-1]
    started = client.post(quiz_event + "quiz/", {**person, "code": code})
    paper = started["Location"]
    urls = [
        "/suggestions/",
        "/suggestions/form/",
        "/suggestions/track/",
        "/suggestions/track/?code=abc",
        "/suggestions/replies/",
        "/suggestions/replies/?q=不存在",
        "/reception/",
        "/reception/print/",
        quiz_event,
        quiz_event + "quiz/",
        paper,
        "/events/integrity-quiz-preliminary/quiz/ranking/",
    ]
    urls += [
        f"/suggestions/track/{code}/"
        for code in Suggestion.objects.values_list("tracking_code", flat=True)
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert english_words(response.content.decode()) == [], url
    asked = client.post(paper, {"action": "submit"})  # every question blank: it asks first
    assert english_words(asked.content.decode()) == []
    client.post(paper, {"action": "submit", "confirm": "1"})
    result = client.get(paper.replace("/paper/", "/result/")).content.decode()
    assert english_words(result) == []
