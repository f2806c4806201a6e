"""Residents' satisfaction: staff record the verdict and how it was asked at the follow-up; a
resident with the tracking code gives it once on the status page, after the reply."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from discussions.models import EvaluationMethod, Suggestion
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from tests import factories
from tests.discussions.suggestions.admin.helpers import HANDLE, VIEW, case_url

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def form():
    return factories.suggestion_form(factories.suggestion_index())


@pytest.fixture
def staff():
    return factories.staff_user("zhao", VIEW, HANDLE, first_name="文刚", last_name="赵")


def status_url(case):
    return f"/suggestions/track/{case.tracking_code}/"


def test_staff_record_the_verdict_and_how_it_was_asked(client, form, staff):
    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    client.force_login(staff)
    prefix = S.FOLLOWED_UP
    refused = client.post(case_url(case), {"action": prefix, f"{prefix}-note": "回访。"})
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.status == S.REPLIED and not case.satisfaction
    response = client.post(
        case_url(case),
        {
            "action": prefix,
            f"{prefix}-note": "电话回访，基本满意。",
            f"{prefix}-satisfaction": "basic",
            f"{prefix}-method": "phone",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.satisfaction_method) == (
        S.FOLLOWED_UP,
        "basic",
        "phone",
    )
    assert case.evaluated_at == NOW
    assert "基本满意" in client.get(case_url(case)).content.decode()


def test_an_unsatisfied_resident_sends_the_case_back(form, staff):
    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    case = services.transition_suggestion(
        suggestion=case,
        to=S.FOLLOWED_UP,
        actor=staff,
        note="不满意。",
        satisfaction="unsatisfied",
        method="in_person",
    )
    case = services.transition_suggestion(
        suggestion=case, to=S.IN_PROGRESS, actor=staff, note="退回重办"
    )
    assert case.status == S.IN_PROGRESS and case.satisfaction == "unsatisfied"


def test_a_resident_rates_once_after_the_reply(client, form, staff):
    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    page = client.get(status_url(case)).content.decode()
    assert "data-verdict-form" in page and 'name="satisfaction"' in page
    response = client.post(status_url(case), {"satisfaction": "satisfied"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.satisfaction == "satisfied"
    assert case.satisfaction_method == EvaluationMethod.SELF and case.evaluated_at == NOW
    thanks = client.get(response["Location"]).content.decode()
    assert "data-verdict-thanks" in thanks and "data-verdict-form" not in thanks

    again = client.post(status_url(case), {"satisfaction": "unsatisfied"})
    assert again.status_code == 409
    assert "已经" in again.content.decode() or "已记录" in again.content.decode()
    case.refresh_from_db()
    assert case.satisfaction == "satisfied"


def test_a_resident_cannot_rate_before_the_reply(client, form, staff):
    case = factories.suggestion(form, status=S.IN_PROGRESS, actor=staff, assignee=staff)
    assert "data-verdict-form" not in client.get(status_url(case)).content.decode()
    response = client.post(status_url(case), {"satisfaction": "satisfied"})
    assert response.status_code == 400
    assert "答复" in response.content.decode()
    assert not Suggestion.objects.get(pk=case.pk).satisfaction


def test_a_made_up_verdict_is_refused(client, form, staff):
    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    response = client.post(status_url(case), {"satisfaction": "<script>"})
    assert response.status_code == 400
    assert not Suggestion.objects.get(pk=case.pk).satisfaction


def test_the_verdict_needs_the_csrf_token(form, staff):
    from django.test import Client

    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    response = Client(enforce_csrf_checks=True).post(
        status_url(case), {"satisfaction": "satisfied"}
    )
    assert response.status_code == 403
    assert not Suggestion.objects.get(pk=case.pk).satisfaction


def test_the_residents_verdict_stands_at_the_follow_up(form, staff):
    case = factories.suggestion(form, status=S.REPLIED, actor=staff, assignee=staff)
    services.rate_own_case(suggestion=case, satisfaction="satisfied")
    case = services.transition_suggestion(
        suggestion=case, to=S.FOLLOWED_UP, actor=staff, note="居民已在网上评价。"
    )
    assert case.satisfaction_method == EvaluationMethod.SELF
