"""Small builders for the page tree used across tests. Pages are published through revisions,
as the admin does, so the search index and first_published_at are set for real."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from home.models import (
    ArticleIndexPage,
    ArticlePage,
    NoticeIndexPage,
    NoticePage,
    SectionPage,
    StandardPage,
)

_counter = itertools.count(1)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article_index(**fields):
    fields.setdefault("title", "廉政文化")
    fields.setdefault("slug", "articles")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), ArticleIndexPage(**fields))


def notice_index(**fields):
    fields.setdefault("title", "通知公告")
    fields.setdefault("slug", "notices")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), NoticeIndexPage(**fields))


def article(index, title=None, body_text="", tags=(), **fields):
    number = next(_counter)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("date", datetime.date(2026, 11, 1))
    if body_text:
        fields["body"] = [("paragraph", f"<p>{body_text}</p>")]
    page = ArticlePage(title=title or f"文章{number}", **fields)
    for tag in tags:
        page.tags.add(tag)
    return publish(index, page)


def notice(index, title=None, **fields):
    number = next(_counter)
    fields.setdefault("slug", f"notice-{number}")
    return publish(index, NoticePage(title=title or f"通知{number}", **fields))


def standard_page(parent=None, title="关于我们", **fields):
    fields.setdefault("slug", f"page-{next(_counter)}")
    return publish(parent or home_page(), StandardPage(title=title, **fields))


def section_page(title="活动报名", slug="events", **fields):
    return publish(home_page(), SectionPage(title=title, slug=slug, **fields))


def image(title="封面"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (140, 28, 19)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description=f"{title}的说明文字",
        file=ImageFile(buffer, name=f"img-{next(_counter)}.jpg"),
    )


def event_index(**fields):
    from events.models import EventIndexPage

    fields.setdefault("title", "活动报名")
    fields.setdefault("slug", "events")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), EventIndexPage(**fields))


def event(index, title=None, *, starts_in=datetime.timedelta(days=7), hours=2, **fields):
    """An event starting ``starts_in`` from now (negative for the past)."""
    from django.utils import timezone

    from events.models import EventKind, EventPage

    number = next(_counter)
    start = fields.pop("start", None) or (timezone.now() + starts_in).replace(microsecond=0)
    fields.setdefault("slug", f"event-{number}")
    fields.setdefault("kind", EventKind.LECTURE)
    fields.setdefault("place", "社区党群服务中心二楼会议室")
    fields.setdefault("capacity", 20)
    page = EventPage(
        title=title or f"廉政讲座{number}",
        start=start,
        end=start + datetime.timedelta(hours=hours),
        **fields,
    )
    return publish(index, page)


def phone(number):
    """A clearly fake but valid mainland mobile number: 139 0000 NNNN."""
    return f"1390000{number:04d}"


def discussion_index(**fields):
    from discussions.models import DiscussionIndexPage

    fields.setdefault("title", "议事记录")
    fields.setdefault("slug", "discussions")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), DiscussionIndexPage(**fields))


def record(index, title=None, *, days_ago=10, **fields):
    """A meeting record held ``days_ago`` days before now; child rows as lists, e.g.
    ``resolutions=[Resolution(text=...)]``."""
    from django.utils import timezone

    from discussions.models import MeetingKind, MeetingRecordPage

    number = next(_counter)
    fields.setdefault(
        "start", (timezone.now() - datetime.timedelta(days=days_ago)).replace(microsecond=0)
    )
    fields.setdefault("slug", f"record-{number}")
    fields.setdefault("kind", MeetingKind.RESIDENT_COUNCIL)
    fields.setdefault("place", "社区党群服务中心一楼议事厅")
    children = {
        name: fields.pop(name)
        for name in (
            "attendees",
            "agenda_items",
            "speeches",
            "raised_suggestions",
            "resolutions",
            "tasks",
        )
        if name in fields
    }
    page = MeetingRecordPage(title=title or f"议事会{number}", **fields)
    for name, rows in children.items():
        setattr(page, name, rows)
    return publish(index, page)


def suggestion_index(**fields):
    from discussions.models import SuggestionIndexPage

    fields.setdefault("title", "意见建议")
    fields.setdefault("slug", "suggestions")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), SuggestionIndexPage(**fields))


def suggestion_form(index, title="意见建议征集表", questions=(), **fields):
    """A suggestion form; ``questions`` are (key, label, field_type, required[, choices])."""
    from discussions.models import SuggestionFormField, SuggestionFormPage

    number = next(_counter)
    fields.setdefault("slug", f"form-{number}")
    page = SuggestionFormPage(title=title, **fields)
    page.form_fields = [
        SuggestionFormField(
            clean_name=key, label=label, field_type=kind, required=required, choices=choices
        )
        for key, label, kind, required, *rest in questions
        for choices in [rest[0] if rest else ""]
    ]
    return publish(index, page)


def staff_user(username="handler", *perms, superuser=False, app="", **fields):
    """An active admin user; ``perms`` like "discussions.handle_suggestion", or bare codenames
    of ``app``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username, f"{username}@example.com", "pw")
    user = user_model.objects.create_user(username, f"{username}@example.com", "pw", **fields)
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(access)
    for perm in perms:
        app_label, codename = perm.split(".") if "." in perm else (app, perm)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def suggestion(form, *, status="submitted", actor=None, assignee=None, **fields):
    """A suggestion submitted through the service and moved on to ``status`` by the workflow."""
    from discussions.models import SuggestionStatus as S
    from discussions.suggestions import services

    fields.setdefault("category", form.category_list[0])
    fields.setdefault("content", "小区宣传栏里贴满了广告，建议改成廉政宣传专栏。")
    fields.setdefault("anonymous", not (fields.get("name") or fields.get("phone")))
    fields.setdefault("consent", True)
    item = services.submit_suggestion(page=form, **fields)
    path = {
        S.SUBMITTED: [],
        S.ACCEPTED: [S.ACCEPTED],
        S.REJECTED: [S.REJECTED],
        S.IN_PROGRESS: [S.ACCEPTED, S.IN_PROGRESS],
        S.REPLIED: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED],
        S.FOLLOWED_UP: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP],
        S.CLOSED: [S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP, S.CLOSED],
    }[status]
    needs = {
        S.REJECTED: {"reason": "不属于社区受理范围，请拨打12345咨询。"},
        S.IN_PROGRESS: {"assignee": assignee or actor},
        S.REPLIED: {"reply": "已开设廉政宣传专栏，每月更新。"},
        S.FOLLOWED_UP: {
            "note": "电话回访，居民满意。",
            "satisfaction": "satisfied",
            "method": "phone",
        },
        S.CLOSED: {
            "findings": services.Findings(
                established="宣传栏被广告占用。",
                solved="清理广告，开设专栏。",
                measures="网格员每周巡查宣传栏。",
            )
        },
    }
    for step in path:
        item = services.transition_suggestion(
            suggestion=item, to=step, actor=actor, **needs.get(step, {})
        )
    return item


def question(
    text=None,
    *,
    kind="single",
    options=("正确答案", "错误一", "错误二"),
    correct=(0,),
    category="廉洁从政",
    difficulty=2,
    **fields,
):
    """A bank question; ``correct`` holds the indexes of the right options."""
    from events.models import Question, QuestionOption

    item = Question(
        kind=kind,
        text=text or f"第{next(_counter)}题：下列说法正确的是？",
        category=category,
        difficulty=difficulty,
        explanation=fields.pop("explanation", "解析：依据相关规定。"),
        **fields,
    )
    item.options = [
        QuestionOption(text=option, is_correct=index in correct)
        for index, option in enumerate(options)
    ]
    item.save()
    return item


def quiz(event=None, *, questions=5, **fields):
    """An open online quiz on a quiz event, with ``questions`` single-choice questions banked."""
    from django.utils import timezone

    from events.models import EventKind, Quiz

    if event is None:
        event = globals()["event"](event_index(), kind=EventKind.QUIZ)
    for _ in range(questions):
        question()
    now = timezone.now()
    fields.setdefault("opens_at", now - datetime.timedelta(hours=1))
    fields.setdefault("closes_at", now + datetime.timedelta(days=2))
    fields.setdefault("question_count", questions)
    fields.setdefault("pass_mark", 60)
    fields.setdefault("points_per_question", 20)
    return Quiz.objects.create(event=event, **fields)


def quiz_attempt(quiz, phone, *, name="王久余", right=(), submit=True, now=None):
    """An online attempt at ``quiz``: questions whose id is in ``right`` answered correctly,
    every other one wrongly; handed in and scored through events.quiz unless ``submit`` is
    false."""
    from events.quiz import services

    attempt = services.start_attempt(quiz=quiz, name=name, phone=phone, now=now).attempt
    answers = {}
    for row in attempt.questions.select_related("question").prefetch_related("question__options"):
        options = list(row.question.options.all())
        correct = [option.pk for option in options if option.is_correct]
        wrong = [option.pk for option in options if not option.is_correct][:1]
        answers[row.pk] = correct if row.question_id in set(right) else wrong
    if not submit:
        services.save_answers(attempt=attempt, answers=answers, now=now)
        return attempt
    return services.submit_quiz(attempt=attempt, answers=answers, now=now)[0]


def sent_codes(phone):
    """The verification codes text messages have brought ``phone`` so far, oldest first."""
    import re

    from django.core import mail

    from home.validation import normalise_phone

    return [
        re.search(r"验证码 (\d{6})", message.body).group(1)
        for message in mail.outbox
        if message.to == [f"{normalise_phone(phone)}@sms.invalid"] and "验证码" in message.body
    ]


def with_code(client, url, data):
    """Post a form that needs a verified number, as a resident does, up to the code form; answers
    the same fields with the code the text message brought, ready to be posted."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        first = client.post(url, data)
    html = first.content.decode()
    assert first.status_code == 200 and "data-verify-code" in html, html[-2000:]
    return {**data, "code": sent_codes(data["phone"])[-1]}


def post_verified(client, url, data):
    """Post a form that needs a verified number as a resident does: the first answer is the
    code form; the code from the text message, posted with the same fields, completes it."""
    from django.test import TestCase

    fields = with_code(client, url, data)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, fields)
