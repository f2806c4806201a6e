"""Many residents sending suggestions at once, and staff moving one case at the same moment."""

import http.cookiejar
import re
import sys
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import close_old_connections

from discussions.models import Suggestion, SuggestionEvent
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from tests import factories

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "scripts"))
from register_load import confirm_code  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r'data-tracking-code="([A-Z0-9]+)"')


def send(base, form_path, number, codes):
    """One resident with their own browser: open the form, post it, verify the number with the
    code the text message brought, read the tracking code."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(base + form_path, timeout=60).read().decode()
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            "category": "社区治理",
            "content": f"第{number}条建议：请公开社区经费的收支明细。",
            "name": "测试居民",
            "phone": factories.phone(number),
            "consent": "on",
        }
    ).encode()
    request = urllib.request.Request(base + form_path, data=body)  # noqa: S310 - loopback
    with opener.open(request, timeout=60) as response:
        html = response.read().decode()
    status, html, _seconds, _url = confirm_code(
        opener, base + form_path, html, codes(factories.phone(number))
    )
    match = CODE.search(html)
    return status, match.group(1) if match else ""


def test_forty_residents_on_one_address_send_at_once(server, codes):
    form = factories.suggestion_form(factories.suggestion_index())
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: send(server, form.url, n, codes), range(40)))
    assert [status for status, _code in results] == [200] * 40
    codes = {code for _status, code in results}
    assert len(codes) == 40 and "" not in codes
    assert set(Suggestion.objects.values_list("tracking_code", flat=True)) == codes
    assert SuggestionEvent.objects.filter(to_status=S.SUBMITTED).count() == 40


def test_two_staff_deciding_at_once_make_one_decision(db_vendor):
    """Accept and reject the same case at the same moment: one wins, the other is refused."""
    form = factories.suggestion_form(factories.suggestion_index())
    staff = factories.staff_user("zhao", "discussions.handle_suggestion")
    rounds = 5
    cases = [factories.suggestion(form) for _ in range(rounds)]
    start = threading.Barrier(2)

    def decide(case, to):
        start.wait()
        try:
            options = {"reason": "不属于受理范围"} if to == S.REJECTED else {}
            services.transition_suggestion(suggestion=case, to=to, actor=staff, **options)
            return to
        except services.SuggestionError as refusal:
            return refusal.reason
        finally:
            close_old_connections()

    for case in cases:
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = sorted(pool.map(decide, [case, case], [S.ACCEPTED, S.REJECTED]))
        assert outcomes.count("transition") == 1, outcomes
        case.refresh_from_db()
        assert case.status in outcomes
        decisions = case.events.exclude(to_status=S.SUBMITTED)
        assert [row.to_status for row in decisions] == [case.status]
