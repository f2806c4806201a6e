"""A small site with one page of every public page type, and the real values each route takes.

``build()`` publishes the pages through tests/factories.py (the demo loader is too slow to run
for every test) and answers a ``Walk``: for every route key of ``routes.PARAMS``, the URL
template and the real values that fill it, so the walker can send generated values in one
place of a working URL at a time.
"""

import dataclasses
import re

from django.core.files.base import ContentFile
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests import factories
from tests.discussions.reception.helpers import sample_schedule

PASSWORD = "qingfeng-walk"  # noqa: S105 - the shared password of the private page and folder
# The private page is a standard page behind a password: walked under a key of its own.
PRIVATE_PAGE = "home.StandardPage (private)"
BUILDER_QUESTIONS = [
    ("place", "地点", "singleline", False),
    ("details", "详细情况", "multiline", False),
    ("member", "社区党员", "dropdown", False, "是\n否"),
    ("topics", "关心的事", "checkboxes", False, "廉政\n环境\n养老"),
    ("count", "人数", "number", False),
    ("when", "发现日期", "date", False),
    ("moment", "发现时间", "datetime", False),
    ("email", "电子邮箱", "email", False),
    ("link", "相关网址", "url", False),
    ("agree", "愿意参加回访", "checkbox", False),
]


@dataclasses.dataclass(repr=False)
class Walk:
    """What the walker needs from the built site."""

    templates: dict  # route key -> URL with {name} placeholders
    values: dict  # route key -> {name: a real value}
    pages: dict  # model label -> a live page of that type
    objects: dict  # the rows forms act on: registration, attempt, suggestion …

    def _repr_pretty_(self, printer, cycle):
        printer.text("Walk(…)")  # hypothesis prints a failing example's arguments

    def url(self, key, **override):
        """The route's URL with its real values, except those given."""
        return self.templates[key].format(**{**self.values.get(key, {}), **override})


def placeholder_template(pattern):
    """'registration/<str:code>/' -> 'registration/{code}/'."""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)


def page_routes(page):
    """(route key, URL template) of a page: one per sub-route of a routable page."""
    label = page._meta.label
    if not isinstance(page, RoutablePageMixin):
        return [(label, page.url)]
    return [
        (f"{label}:{route.pattern}", page.url + placeholder_template(str(route.pattern)))
        for route in page.get_subpage_urls()
    ]


def _pages():
    """One live page of every public page type, with something in each listing."""
    from events.models import EventKind

    home = factories.home_page()
    articles = factories.article_index()
    notices = factories.notice_index()
    events = factories.event_index()
    discussions = factories.discussion_index()
    suggestions = factories.suggestion_index()
    lecture = factories.event(events, title="廉政讲座")
    quiz_event = factories.event(events, title="廉政知识竞赛", kind=EventKind.QUIZ)
    form = factories.suggestion_form(suggestions, questions=BUILDER_QUESTIONS)
    reception, _dates = sample_schedule()
    private = factories.standard_page(title="内部资料")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return {
        "home.HomePage": home,
        "home.ArticleIndexPage": articles,
        "home.ArticlePage": factories.article(articles, title="家风故事", tags=["家风"]),
        "home.NoticeIndexPage": notices,
        "home.NoticePage": factories.notice(notices, title="停水通知"),
        "home.StandardPage": factories.standard_page(title="关于我们"),
        "home.SectionPage": factories.section_page(title="专题", slug="section"),
        "events.EventIndexPage": events,
        "events.EventPage": lecture,
        "quiz_event": quiz_event,
        "discussions.DiscussionIndexPage": discussions,
        "discussions.MeetingRecordPage": factories.record(discussions, title="居民议事会"),
        "discussions.SuggestionIndexPage": suggestions,
        "discussions.SuggestionFormPage": form,
        "discussions.ReceptionSchedulePage": reception,
        "private": private,
    }


def _objects(pages):
    """Rows behind the routes' path values: a registration, quiz papers, a suggestion, files."""
    from discussions.suggestions import services as suggestion_services
    from discussions.suggestions.workflow import SuggestionStatus
    from events import services as event_services

    registration = event_services.register(
        event=pages["events.EventPage"], name="王久余", phone=factories.phone(1), consent=True
    ).registration
    quiz = factories.quiz(pages["quiz_event"], questions=3, points_per_question=20, pass_mark=40)
    started = factories.quiz_attempt(quiz, factories.phone(2), submit=False)
    handed_in = factories.quiz_attempt(quiz, factories.phone(3), right=())
    staff = factories.staff_user("walker", "discussions.handle_suggestion")
    suggestion = factories.suggestion(
        pages["discussions.SuggestionFormPage"], status=SuggestionStatus.REPLIED, actor=staff
    )
    suggestion_services.update_case(
        suggestion=suggestion, actor=staff, public_summary="路灯不亮", publishable=True
    )
    folder = Collection.get_first_root_node().add_child(name="内部文件")
    restriction = CollectionViewRestriction.objects.create(
        collection=folder, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD
    )
    document = get_document_model().objects.create(
        title="廉政学习材料", file=ContentFile(b"%PDF-1.4 walk", name="study.pdf")
    )
    from home.slogans import Slogan

    slogan = Slogan.objects.create(text="廉洁从家起，清风满门庭", source="社区议事会")
    return {
        "slogan": slogan,
        "registration": registration,
        "quiz": quiz,
        "attempt": started,
        "submitted": handed_in,
        "suggestion": suggestion,
        "document": document,
        "restriction": restriction,
        "page_restriction": pages["private"].view_restrictions.get(),
    }


def _django_routes(pages, objects):
    """The routes of config.urls outside the page tree, by URL name."""
    document = objects["document"]
    return {
        "healthz": ("/healthz", {}),
        "search": ("/search/", {}),
        "feed": ("/feed/", {}),
        "subscribe": ("/subscribe/", {}),
        "text_size": ("/text-size/", {}),
        "switch_language": ("/language/", {}),
        "events_calendar": ("/calendar/events.ics", {}),
        "event_calendar": (
            "/calendar/event-{pk}.ics",
            {"pk": pages["events.EventPage"].pk},
        ),
        "reception_ics": ("/calendar/reception.ics", {}),
        "slogan_list": ("/slogans/", {}),
        "slogan_poster": ("/slogans/{pk}/poster/", {"pk": objects["slogan"].pk}),
        "wagtaildocs_serve": (
            "/documents/{document_id}/{document_filename}",
            {"document_id": document.pk, "document_filename": document.filename},
        ),
        "wagtaildocs_authenticate_with_password": (
            "/documents/authenticate_with_password/{restriction_id}/",
            {"restriction_id": objects["restriction"].pk},
        ),
        "wagtailcore_authenticate_with_password": (
            "/_util/authenticate_with_password/{page_view_restriction_id}/{page_id}/",
            {
                "page_view_restriction_id": objects["page_restriction"].pk,
                "page_id": pages["private"].pk,
            },
        ),
        "wagtailcore_login": ("/_util/login/", {}),
    }


def _path_values(objects):
    """The real value of each placeholder a page route takes."""
    return {
        "code": objects["registration"].code,
        "token": objects["attempt"].token,
    }


def build():
    pages = _pages()
    objects = _objects(pages)
    templates, values = {}, {}
    for key, (template, real) in _django_routes(pages, objects).items():
        templates[key], values[key] = template, real
    path_values = _path_values(objects)
    specific = {
        # Routes whose placeholder means something else on their page.
        "discussions.SuggestionIndexPage:track/<str:code>/": {
            "code": objects["suggestion"].tracking_code
        },
        "events.EventPage:quiz/result/<str:token>/": {"token": objects["submitted"].token},
        "discussions.SuggestionFormPage:done/<str:code>/": {
            "code": objects["suggestion"].tracking_code
        },
    }
    for label, page in pages.items():
        for key, template in page_routes(page):
            if label == "private":
                key = PRIVATE_PAGE
            elif key.startswith("events.EventPage:") and (label == "quiz_event") != ("quiz" in key):
                continue  # the quiz routes are walked on the quiz event, the rest on the lecture
            templates[key] = template
            names = re.findall(r"{(\w+)}", template)
            values[key] = specific.get(key) or {name: path_values[name] for name in names}
    return Walk(templates=templates, values=values, pages=pages, objects=objects)
