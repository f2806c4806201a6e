"""The purge leaves nothing of a resident behind.

Every personal field the site has is filled with a marker of its own (a made-up name, number
or sentence), through the services residents and staff use, so that the copies those make
(text messages, logs, sessions) are filled too. Four years later the purge runs, and every
text, character and JSON column of every table, and every file in the media folder, is read
back: no marker may be left. A second test fails when a model gains a text field that neither
the purge nor the list of what is not personal data (below) accounts for.
"""

import datetime
import itertools
import json
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, models
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from discussions.models import Channel, Visit
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services as cases
from events import services as events
from events.models import EventKind, Registration
from events.quiz import services as quizzes
from home.notifications import Message
from home.purge import Cutoffs, all_kinds
from home.verification import services as verification
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

T0 = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # Monday 10:00 in Beijing
LATER = T0 + datetime.timedelta(days=4 * 365)
TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.FileField,
    models.GenericIPAddressField,
)

# Text fields of the site's own models that hold no resident's personal data, and why. Page
# models (articles, notices, events, meeting records…) are content staff publish.
NOT_PERSONAL = {
    "home.SiteSettings": "the community office's own public details",
    "home.RateCount": "hashed rate-limit buckets, kept an hour at most",
    "home.Slogan": "published slogans staff write for the bulletin board",
    "events.Question": "the question bank",
    "events.QuestionOption": "the question bank",
    "events.Quiz": "a quiz's settings",
    "events.QuizMix": "a quiz's settings",
    "events.AttemptQuestion": "which option was ticked: no name, no number",
    "discussions.ReceptionRule": "the published schedule: leaders on duty",
    "discussions.ReceptionDay": "the published schedule: leaders on duty",
    "discussions.Attendee": "a published meeting record of the committee",
    "discussions.AgendaItem": "a published meeting record",
    "discussions.Speech": "a published meeting record",
    "discussions.RaisedSuggestion": "a published meeting record",
    "discussions.Resolution": "a published meeting record",
    "discussions.FollowUpTask": "a published meeting record's tasks and their owners (staff)",
    "discussions.HolidayDay": "the holiday calendar",
    "discussions.SuggestionFormField": "the questions of a form, not the answers",
    "discussions.SuggestionSettings": "deadline settings",
    "events.Registration.code": "a random code",
    "events.Registration.status": "statistics",
    "events.Registration.source": "statistics",
    "events.Attempt.token": "a random token",
    "events.Attempt.source": "statistics",
    "discussions.Visit.leaders": "staff and officials",
    "discussions.Suggestion.tracking_code": "a random code",
    "discussions.Suggestion.category": "statistics",
    "discussions.Suggestion.channel": "statistics",
    "discussions.Suggestion.status": "statistics",
    "discussions.Suggestion.satisfaction": "statistics",
    "discussions.Suggestion.satisfaction_method": "statistics",
    "discussions.Suggestion.received_by": "staff and officials",
    "discussions.Suggestion.lead_leader": "staff and officials",
    "discussions.SuggestionEvent.from_status": "statistics",
    "discussions.SuggestionEvent.to_status": "statistics",
    "discussions.SuggestionEvent.actor_name": "staff",
}


class Markers:
    """Recognisable values, each used once: 记号姓名001, 13900090002…"""

    def __init__(self):
        self.all = set()
        self._numbers = itertools.count(1)

    def text(self, what):
        return self._keep(f"记号{what}{next(self._numbers):03d}")

    def phone(self):
        return self._keep(f"1390009{next(self._numbers):04d}")

    def _keep(self, marker):
        self.all.add(marker)
        return marker

    def found_in(self, value):
        return sorted(marker for marker in self.all if marker in value)


def fill_events(m, staff):
    index = factories.event_index()
    lecture = factories.event(
        index, starts_in=datetime.timedelta(days=3), capacity=1, waitlist_enabled=True
    )

    def register(**more):
        return events.register(
            event=lecture, name=m.text("报名人"), phone=m.phone(), consent=True, **more
        ).registration

    first, _waiting, leaving = register(), register(), register()
    register(source=Registration.Source.STAFF)
    events.cancel_registration(registration=leaving)
    Registration.objects.create(
        event=lecture, code="NAMEONLY", name=m.text("代报名"), phone=None, status="cancelled"
    )
    events.check_in(event=lecture, code=first.code, now=lecture.start, outside_window=True)

    quiz = factories.quiz(factories.event(index, kind=EventKind.QUIZ), questions=3)
    factories.quiz_attempt(quiz, m.phone(), name=m.text("答题人"))
    paper = quizzes.record_paper_score(quiz=quiz, name=m.text("答题人"), phone=m.phone(), score=60)
    quizzes.change_paper_score(
        quiz=quiz, attempt_id=paper.pk, name=m.text("答题人"), phone=m.phone(), score=40, user=staff
    )


def fill_cases(m, staff):
    form = factories.suggestion_form(
        factories.suggestion_index(),
        questions=[
            ("identity", "身份", "singleline", False),
            ("place", "问题地点", "singleline", False),
            ("remark", "补充说明", "multiline", False),
        ],
    )

    def submit(anonymous=False):
        return cases.submit_suggestion(
            page=form,
            category=form.category_list[0],
            content=m.text("建议内容"),
            anonymous=anonymous,
            name="" if anonymous else m.text("建议人"),
            phone="" if anonymous else m.phone(),
            consent=True,
            extra={"identity": m.text("身份"), "place": m.text("地点"), "remark": m.text("补充")},
        )

    def move(item, to, **needs):
        return cases.transition_suggestion(
            suggestion=item, to=to, actor=staff, note=m.text("办理备注"), **needs
        )

    def close(item, reply, summary, publishable=False):
        item = move(move(item, S.ACCEPTED), S.IN_PROGRESS, assignee=staff)
        item = move(item, S.REPLIED, reply=reply)
        cases.update_case(
            suggestion=item, actor=staff, public_summary=summary, publishable=publishable
        )
        item = move(item, S.FOLLOWED_UP, satisfaction="satisfied", method="phone")
        findings = cases.Findings(m.text("查明"), m.text("解决"), m.text("措施"))
        return move(item, S.CLOSED, findings=findings)

    close(submit(), m.text("答复"), m.text("公开摘要"))
    # What staff wrote for the replies board is public and stays: no marker in it.
    close(submit(), "已更换楼道灯。", "反映楼道灯不亮。", publishable=True)
    move(submit(), S.REJECTED, reason=m.text("不受理理由"))
    move(submit(), S.ACCEPTED)  # never closed: purged after 3 years without activity
    submit(anonymous=True)

    visit = Visit.objects.create(
        date=T0.date(),
        leaders="赵文刚",
        place=m.text("走访地点"),
        residents_met=m.text("走访对象"),
        summary=m.text("走访情况"),
    )
    number = m.phone()
    logged = cases.log_case(
        page=form,
        channel=Channel.VISIT,
        category=form.category_list[0],
        content=m.text("登记内容"),
        logged_by=staff,
        consent=True,
        name=m.text("来访人"),
        phone=number,
        visit=visit,
        received_by="赵文刚",
    )
    cases.log_case(
        page=form,
        channel=Channel.PHONE,
        category=form.category_list[0],
        content=m.text("重复反映"),
        logged_by=staff,
        consent=True,
        name=m.text("来电人"),
        phone=number,
        repeat_of=logged,
    )


def fill_home(m, client):
    Message.objects.create(
        phone=m.phone(),
        text=m.text("短信"),
        params={"name": m.text("短信参数")},
        status="failed",
        provider_answer=m.text("短信回执"),
        created_at=T0,
    )
    verification.request_code(phone=m.phone())
    session = SessionStore()
    session["note"] = m.text("会话")
    session.create()
    client.post("/admin/login/", {"username": m.text("登录名"), "password": "x"})
    # A staff sign-in, for axes' access log; staff accounts themselves are not residents' data.
    factories.staff_user("wangwu")
    client.post("/admin/login/", {"username": "wangwu", "password": "pw"})
    FormSubmission.objects.create(page=factories.home_page(), form_data={"name": m.text("表单")})


def assert_every_personal_field_is_filled(m):
    """The test must cover what the purge covers: each field it blanks holds a marker, each
    kind it deletes has a row."""
    for kind in all_kinds(Cutoffs.from_settings()):
        rows = kind.model.objects.all()
        assert rows.exists(), f"no {kind.model._meta.label} row to purge"
        for field in (kind.blank or {}).keys():
            values = rows.values_list(field, flat=True)
            assert any(m.found_in(json.dumps(value, ensure_ascii=False)) for value in values), (
                f"{kind.model._meta.label}.{field} holds no marker"
            )


def readable(table, column, value):
    """The text a column's value holds, JSON and sessions decoded."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "ignore")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if not isinstance(value, str):
        return ""
    texts = [value]
    try:
        texts.append(json.dumps(json.loads(value), ensure_ascii=False))
    except ValueError:
        pass
    if table == "django_session" and column == "session_data":
        texts.append(json.dumps(SessionStore().decode(value), ensure_ascii=False))
    return "\n".join(texts)


def markers_in_database(m):
    quote = connection.ops.quote_name
    left = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - the database's own names
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    for marker in m.found_in(readable(table, column, value)):
                        left.append(f"{table}.{column}: {marker}")
    return left


def markers_in_media(m):
    left = []
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            left += [f"{path}: {marker}" for marker in m.all if marker.encode() in content]
    return left


def test_nothing_personal_is_left_four_years_on(
    client, settings, django_capture_on_commit_callbacks
):
    # Axes' own logs, off on this site, are purged too should anyone turn them on.
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    settings.AXES_DISABLE_ACCESS_LOG = False
    m = Markers()
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        staff = factories.staff_user("zhao", "discussions.handle_suggestion", first_name="文刚")
        fill_events(m, staff)
        fill_cases(m, staff)
        fill_home(m, client)
    assert_every_personal_field_is_filled(m)
    assert markers_in_database(m)

    with time_machine.travel(LATER, tick=False):
        call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert markers_in_database(m) == []
    assert markers_in_media(m) == []


def test_every_text_field_is_purged_or_known_not_to_be_personal():
    purged = {
        f"{kind.model._meta.label}.{field}"
        for kind in all_kinds(Cutoffs.from_settings())
        for field in kind.fields
    }
    unknown = [
        f"{model._meta.label}.{field.name}"
        for label in ("home", "events", "discussions", "reports")
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, Page) and model._meta.label not in NOT_PERSONAL
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
        and f"{model._meta.label}.{field.name}" not in purged | set(NOT_PERSONAL)
    ]
    assert unknown == [], "Purge these in the app's purge module, or list them in NOT_PERSONAL"
