"""接访登记: staff log cases from reception days, home visits, calls and letters into the same
workflow, see a number's open cases and link a repeat, send the code by text message and print a
receipt; 下访记录 lists each visit's cases."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from discussions.models import Channel, Suggestion, SuggestionEvent, Visit
from discussions.models import SuggestionStatus as S
from tests import factories
from tests.discussions.suggestions.admin.helpers import case_url, chinese

pytestmark = pytest.mark.django_db

# A Wednesday morning: three working days to accept fall on the Monday after.
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
INTAKE = "/admin/cases/"


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit(handler):
    return Visit.objects.create(
        date=datetime.date(2026, 11, 20),
        leaders="赵文刚、刘秀兰",
        place="5号楼独居老人家中",
        residents_met="5号楼张大爷",
        created_by=handler,
    )


def log(client, channel, **fields):
    data = {
        "channel": channel,
        "category": "社区治理",
        "content": "老年活动室周末不开门，希望周六也能开放半天。",
        "name": "孙桂兰",
        "phone": "13900001005",
        "consent": "on",
        "received_by": "赵文刚",
        **fields,
    }
    return client.post(INTAKE, {key: value for key, value in data.items() if value is not None})


@pytest.mark.parametrize(
    "channel, extra",
    [
        (Channel.RECEPTION, {"reception_date": "2026-11-23"}),
        (Channel.VISIT, {}),
        (Channel.PHONE, {}),
        (Channel.LETTER, {}),
    ],
)
def test_a_case_from_each_channel_joins_the_workflow(client, form, handler, visit, channel, extra):
    client.force_login(handler)
    if channel == Channel.VISIT:
        extra = {"visit": visit.pk}
    response = log(client, channel, **extra)
    assert response.status_code == 302
    case = Suggestion.objects.get()
    assert response["Location"] == reverse("case_intake:logged", args=[case.pk])
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", case.tracking_code)
    assert case.channel == channel and case.status == S.SUBMITTED
    assert case.logged_by == handler and case.consent_at == NOW
    assert (case.name, case.phone, case.anonymous) == ("孙桂兰", "13900001005", False)
    # The same deadline as a web submission: three working days, Monday 30 November.
    assert case.accept_due == datetime.datetime(2026, 11, 30, 10, 0, tzinfo=NOW.tzinfo)
    assert case.reception_date == (
        datetime.date(2026, 11, 23) if channel == Channel.RECEPTION else None
    )
    assert case.visit == (visit if channel == Channel.VISIT else None)
    assert case.received_by == "赵文刚"
    assert SuggestionEvent.objects.get(suggestion=case).actor == handler
    page = client.get(response["Location"]).content.decode()
    assert f'data-tracking-code="{case.tracking_code}"' in page
    assert chinese(Channel(channel).label) in page
    assert "3个工作日内受理" in page


def test_the_consent_tick_says_how_the_resident_was_told(client, form, handler):
    client.force_login(handler)
    in_person = client.get(INTAKE + "?channel=reception").content.decode()
    by_phone = client.get(INTAKE + "?channel=phone").content.decode()
    assert "已当面告知并同意" in in_person and "已电话告知并同意" not in in_person
    assert "已电话告知并同意" in by_phone


def test_without_consent_nothing_is_stored(client, form, handler):
    client.force_login(handler)
    response = log(client, Channel.PHONE, consent=None)
    assert response.status_code == 400
    assert "告知" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_an_anonymous_case_needs_no_consent(client, form, handler):
    client.force_login(handler)
    response = log(client, Channel.LETTER, name=None, phone=None, consent=None)
    assert response.status_code == 302
    case = Suggestion.objects.get()
    assert case.anonymous and case.phone is None and case.consent_at is None


def test_a_reception_case_needs_its_session_date(client, form, handler):
    client.force_login(handler)
    response = log(client, Channel.RECEPTION, reception_date="")
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_the_code_goes_by_text_message_once_asked(
    client, form, handler, django_capture_on_commit_callbacks
):
    client.force_login(handler)
    log(client, Channel.PHONE)
    case = Suggestion.objects.get()
    assert mail.outbox == []  # nothing is sent until staff press the button
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("case_intake:send_code", args=[case.pk]))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["13900001005@sms.invalid"]]
    body = mail.outbox[0].body
    assert case.tracking_code[:4] in body and len(body.strip()) <= 70
    assert case.events.filter(note__contains="短信").exists()


def test_the_receipt_has_the_code_the_deadline_and_a_qr_code(client, form, handler):
    client.force_login(handler)
    log(client, Channel.RECEPTION, reception_date="2026-11-23")
    case = Suggestion.objects.get()
    html = client.get(reverse("case_intake:receipt", args=[case.pk])).content.decode()
    code = case.tracking_code
    assert f"{code[:4]}-{code[4:8]}-{code[8:]}" in html
    assert "<svg" in html and "3个工作日内受理" in html
    assert f"/suggestions/track/{code}/" in html
    assert "13900001005" not in html and "孙桂兰" not in html


def test_an_open_case_of_the_number_is_shown_and_can_be_linked(client, form, handler):
    first = factories.suggestion(form, name="孙桂兰", phone="13900001005")
    closed = factories.suggestion(
        form, status=S.REJECTED, actor=handler, name="孙桂兰", phone="13900001005"
    )
    client.force_login(handler)
    shown = log(client, Channel.PHONE)
    assert shown.status_code == 200  # not saved yet: staff decide with the open case in view
    html = shown.content.decode()
    grouped = f"{first.tracking_code[:4]}-{first.tracking_code[4:8]}-{first.tracking_code[8:]}"
    assert f'data-open-case="{grouped}"' in html
    assert closed.tracking_code[:4] + "-" + closed.tracking_code[4:8] not in html
    assert Suggestion.objects.count() == 2
    response = log(client, Channel.PHONE, checked_phone="13900001005", repeat_of=first.pk)
    assert response.status_code == 302
    repeat = Suggestion.objects.latest("pk")
    assert repeat.repeat_of == first
    html = client.get(case_url(first)).content.decode()
    assert "data-repeats" in html and repeat.tracking_code[:4] in html


def test_a_case_may_not_be_linked_to_another_numbers_case(client, form, handler):
    other = factories.suggestion(form, name="王久余", phone="13900001001")
    client.force_login(handler)
    response = log(client, Channel.PHONE, checked_phone="13900001005", repeat_of=other.pk)
    assert response.status_code == 400
    assert Suggestion.objects.count() == 1


def test_a_visit_lists_its_cases_and_logs_another(client, form, handler, visit):
    client.force_login(handler)
    log(client, Channel.VISIT, visit=visit.pk)
    case = Suggestion.objects.get()
    listing = client.get(reverse("visits:index")).content.decode()
    assert "5号楼独居老人家中" in listing
    assert re.search(r"<td[^>]*>\s*1\s*</td>", listing)  # its number of cases
    html = client.get(reverse("visits:inspect", args=[visit.pk])).content.decode()
    assert case_url(case) in html
    assert "?channel=visit&amp;visit=" in html or "?channel=visit&visit=" in html
    prefilled = client.get(f"{INTAKE}?channel=visit&visit={visit.pk}").content.decode()
    assert re.search(rf'<option value="{visit.pk}"[^>]*selected', prefilled)


def test_staff_record_a_visit(client, handler):
    client.force_login(handler)
    response = client.post(
        reverse("visits:add"),
        {
            "date": "2026-11-24",
            "leaders": "孙立新",
            "place": "9号楼",
            "residents_met": "9号楼居民代表3人",
            "summary": "",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.created_by == handler and visit.place == "9号楼"


def test_the_leader_in_charge_is_kept_beside_the_responsible_person(client, form, handler):
    case = factories.suggestion(form, status=S.IN_PROGRESS, actor=handler, assignee=handler)
    client.force_login(handler)
    response = client.post(
        case_url(case),
        {
            "action": "case_file",
            "case_file-assignee": handler.pk,
            "case_file-lead_leader": "孙立新",
            "case_file-established": "",
            "case_file-solved": "",
            "case_file-measures": "",
            "case_file-public_summary": "",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.lead_leader == "孙立新"
    assert "孙立新" in client.get(case_url(case)).content.decode()


def test_volunteers_are_refused_the_new_screens(client, form, handler, visit):
    case = factories.suggestion(form, name="孙桂兰", phone="13900001005")
    volunteer = factories.staff_user("door")
    client.force_login(volunteer)
    for url in (
        INTAKE,
        reverse("case_intake:logged", args=[case.pk]),
        reverse("case_intake:receipt", args=[case.pk]),
        reverse("visits:index"),
        reverse("visits:add"),
        reverse("visits:inspect", args=[visit.pk]),
        reverse("visits:edit", args=[visit.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert log(client, Channel.PHONE).status_code == 403
    assert client.post(reverse("case_intake:send_code", args=[case.pk])).status_code == 403
    assert Suggestion.objects.count() == 1 and mail.outbox == []
