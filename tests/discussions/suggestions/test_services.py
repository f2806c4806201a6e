"""The handling workflow: the transition map, the closure rule, deadlines, codes, the reply SMS."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from discussions.models import Suggestion, SuggestionEvent, SuggestionSettings
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services, workflow
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NEEDS = {
    S.REJECTED: {"reason": "不属于社区受理范围。"},
    S.REPLIED: {"reply": "已处理。"},
    S.FOLLOWED_UP: {"note": "回访满意。", "satisfaction": "satisfied", "method": "phone"},
    S.CLOSED: {"findings": services.Findings("查清", "解决", "落实")},
}


@pytest.fixture
def form():
    return factories.suggestion_form(factories.suggestion_index())


@pytest.fixture
def staff():
    return factories.staff_user("zhao", "discussions.handle_suggestion", first_name="文刚")


def move(item, to, actor):
    options = dict(NEEDS.get(to, {}))
    if to == S.IN_PROGRESS:
        options["assignee"] = actor
    return services.transition_suggestion(suggestion=item, to=to, actor=actor, **options)


def test_every_pair_of_statuses_follows_the_map(form, staff):
    """From each status, exactly the mapped targets are allowed; the rest change nothing."""
    for status in S.values:
        for target in S.values:
            item = factories.suggestion(form, status=status, actor=staff)
            if target in workflow.TRANSITIONS[status]:
                assert move(item, target, staff).status == target
            else:
                with pytest.raises(services.SuggestionError) as refusal:
                    move(item, target, staff)
                assert refusal.value.reason in {"transition"}
                item.refresh_from_db()
                assert item.status == status


def test_the_full_path_is_logged_with_who_and_when(form, staff):
    item = factories.suggestion(form, status=S.CLOSED, actor=staff)
    log = list(item.events.order_by("at", "pk"))
    assert [(row.from_status, row.to_status) for row in log] == [
        ("", S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.REPLIED),
        (S.REPLIED, S.FOLLOWED_UP),
        (S.FOLLOWED_UP, S.CLOSED),
    ]
    assert log[0].actor is None  # the resident
    assert {row.actor_name for row in log[1:]} == {"文刚"}
    assert item.closed_at is not None and item.assignee == staff


@pytest.mark.parametrize("missing", ["established", "solved", "measures"])
def test_closing_needs_all_three_records(form, staff, missing):
    item = factories.suggestion(form, status=S.FOLLOWED_UP, actor=staff)
    parts = {"established": "查清了", "solved": "解决了", "measures": "落实了", missing: "  "}
    with pytest.raises(services.SuggestionError) as refusal:
        services.transition_suggestion(
            suggestion=item, to=S.CLOSED, actor=staff, findings=services.Findings(**parts)
        )
    assert "问题" in refusal.value.message or refusal.value.reason == "findings"
    item.refresh_from_db()
    assert item.status == S.FOLLOWED_UP and item.closed_at is None
    assert not item.events.filter(to_status=S.CLOSED).exists()


def test_findings_recorded_earlier_count_towards_closing(form, staff):
    item = factories.suggestion(form, status=S.FOLLOWED_UP, actor=staff)
    services.update_case(
        suggestion=item, actor=staff, findings=services.Findings("查清", "解决", "落实")
    )
    closed = services.transition_suggestion(suggestion=item, to=S.CLOSED, actor=staff)
    assert (closed.status, closed.established, closed.measures) == (S.CLOSED, "查清", "落实")


@pytest.mark.parametrize(
    ("status", "target", "reason"),
    [
        (S.SUBMITTED, S.REJECTED, "reason"),
        (S.ACCEPTED, S.IN_PROGRESS, "assignee"),
        (S.IN_PROGRESS, S.REPLIED, "reply"),
        (S.REPLIED, S.FOLLOWED_UP, "note"),
    ],
)
def test_each_step_asks_for_what_it_needs(form, staff, status, target, reason):
    item = factories.suggestion(form, status=status, actor=staff, assignee=None)
    if status == S.ACCEPTED:
        Suggestion.objects.filter(pk=item.pk).update(assignee=None)
    with pytest.raises(services.SuggestionError) as refusal:
        services.transition_suggestion(suggestion=item, to=target, actor=staff, reply="  ")
    assert refusal.value.reason == reason
    item.refresh_from_db()
    assert item.status == status


def test_an_inactive_person_cannot_be_given_a_case(form, staff):
    gone = factories.staff_user("gone", is_active=False)
    item = factories.suggestion(form, status=S.ACCEPTED, actor=staff)
    with pytest.raises(services.SuggestionError):
        services.transition_suggestion(
            suggestion=item, to=S.IN_PROGRESS, actor=staff, assignee=gone
        )


def test_deadlines_come_from_site_settings_and_flag_overdue(form, staff):
    config = SuggestionSettings.for_site(Site.objects.get(is_default_site=True))
    config.accept_days, config.complete_days, config.close_days = 2, 10, 40
    config.accept_counting = config.complete_counting = config.close_counting = "calendar"
    config.save()
    start = timezone.now() - datetime.timedelta(days=30)
    item = services.submit_suggestion(
        page=form, category="党风廉政", content="建议公开经费", anonymous=True, now=start
    )
    assert item.accept_due == start + datetime.timedelta(days=2)
    assert not item.is_overdue(now=start + datetime.timedelta(days=1, hours=23))
    assert item.is_overdue(now=start + datetime.timedelta(days=2, minutes=1))
    assert list(Suggestion.objects.overdue()) == [item]

    accepted_at = start + datetime.timedelta(days=1)
    item = services.transition_suggestion(
        suggestion=item, to=S.ACCEPTED, actor=staff, now=accepted_at
    )
    assert item.complete_due == accepted_at + datetime.timedelta(days=10)
    assert item.close_due == accepted_at + datetime.timedelta(days=40)
    assert item.is_overdue()  # ten days after acceptance passed long ago
    item = services.transition_suggestion(
        suggestion=item, to=S.IN_PROGRESS, actor=staff, assignee=staff
    )
    assert Suggestion.objects.overdue().count() == 1
    item = services.transition_suggestion(suggestion=item, to=S.REPLIED, actor=staff, reply="好")
    # Answered: the reply deadline is over; the closing one, 40 days after accepting, runs on.
    assert not item.is_overdue() and not Suggestion.objects.overdue().exists()
    assert item.is_overdue(now=accepted_at + datetime.timedelta(days=40, minutes=1))


def test_fresh_suggestions_are_not_overdue(form):
    item = factories.suggestion(form)
    assert not item.is_overdue()
    assert not Suggestion.objects.overdue().exists()


def test_tracking_codes_are_unique_and_unguessable(form):
    codes = [factories.suggestion(form).tracking_code for _ in range(200)]
    assert len(set(codes)) == 200
    assert all(re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}", code) for code in codes)
    # Not a counter: neighbouring submissions share no long prefix.
    assert max(len(_common_prefix(a, b)) for a, b in zip(codes, codes[1:], strict=False)) < 6


def _common_prefix(a, b):
    prefix = ""
    for x, y in zip(a, b, strict=True):
        if x != y:
            break
        prefix += x
    return prefix


def test_anonymous_submissions_keep_no_contact(form):
    item = services.submit_suggestion(
        page=form,
        category="其他",
        content="路灯坏了",
        anonymous=True,
        name="张三",
        phone="13900000001",
        consent=True,
    )
    assert (item.name, item.phone, item.consent_at) == ("", None, None)


def test_contact_without_consent_is_refused(form):
    with pytest.raises(services.SuggestionError):
        services.submit_suggestion(
            page=form, category="其他", content="路灯坏了", anonymous=False, phone="13900000001"
        )
    assert not Suggestion.objects.exists()


def test_an_unknown_category_is_refused(form):
    with pytest.raises(services.SuggestionError):
        services.submit_suggestion(page=form, category="不存在", content="内容", anonymous=True)
    assert not Suggestion.objects.exists()


def test_the_reply_is_sent_to_a_submitter_who_left_a_number(
    form, staff, django_capture_on_commit_callbacks
):
    item = factories.suggestion(
        form, status=S.IN_PROGRESS, actor=staff, name="王久余", phone="13900001001"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_suggestion(suggestion=item, to=S.REPLIED, actor=staff, reply="已处理")
    assert [message.to for message in mail.outbox] == [["13900001001@sms.invalid"]]
    body = mail.outbox[0].body
    assert item.tracking_code in body
    assert f"/suggestions/track/{item.tracking_code}/" in body


def test_nothing_is_sent_for_anonymous_or_unreplied(
    form, staff, django_capture_on_commit_callbacks
):
    anonymous = factories.suggestion(form, status=S.IN_PROGRESS, actor=staff)
    named = factories.suggestion(form, status=S.ACCEPTED, actor=staff, phone="13900001002")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_suggestion(suggestion=anonymous, to=S.REPLIED, actor=staff, reply="好")
        services.transition_suggestion(
            suggestion=named, to=S.IN_PROGRESS, actor=staff, assignee=staff
        )
    assert mail.outbox == []


def test_the_board_takes_only_answered_cases_with_a_summary(form, staff):
    waiting = factories.suggestion(form, status=S.IN_PROGRESS, actor=staff)
    with pytest.raises(services.SuggestionError):
        services.update_case(
            suggestion=waiting, actor=staff, public_summary="摘要", publishable=True
        )
    answered = factories.suggestion(form, status=S.REPLIED, actor=staff)
    with pytest.raises(services.SuggestionError):
        services.update_case(suggestion=answered, actor=staff, publishable=True)
    shown = services.update_case(
        suggestion=answered, actor=staff, public_summary="建议开设专栏", publishable=True
    )
    assert shown.publishable
    assert list(Suggestion.objects.publishable()) == [shown]
    # The refused attempts left no trace; the one that went through is in the log.
    log = SuggestionEvent.objects.filter(suggestion=shown, from_status=S.REPLIED)
    assert [row.to_status for row in log] == [S.REPLIED]
    assert "答复公开" in log[0].note or "board" in log[0].note


def test_demo_has_a_case_in_every_state_and_loads_once(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = sorted(Suggestion.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values)
    closed = Suggestion.objects.filter(status=S.CLOSED)
    assert all(case.findings_complete and case.satisfaction for case in closed)
    assert any(case.publishable for case in closed)
    assert Suggestion.objects.overdue().exists()  # the queue shows what overdue looks like
    assert {item.category for item in Suggestion.objects.all()} == {
        "党风廉政",
        "社区治理",
        "环境卫生",
        "其他",
    }
    assert mail.outbox == []  # made-up numbers are never messaged

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(Suggestion.objects.values_list("status", flat=True)) == statuses

    board = client.get("/suggestions/replies/").content.decode()
    assert board.count('class="reply-item"') == Suggestion.objects.publishable().count() >= 3
    for path in ("/suggestions/", "/suggestions/form/", "/suggestions/track/"):
        assert client.get(path).status_code == 200


def test_a_closed_case_keeps_its_records(form, staff):
    item = factories.suggestion(form, status=S.CLOSED, actor=staff, assignee=staff)
    other = factories.staff_user("li", "discussions.handle_suggestion")
    for change in (
        {"findings": services.Findings("", "", "")},
        {"assignee": other},
    ):
        with pytest.raises(services.SuggestionError):
            services.update_case(suggestion=item, actor=staff, **change)
    item.refresh_from_db()
    assert item.findings_complete and item.assignee == staff
    # Saving the same file again, or publishing it, is still fine.
    same = services.Findings(item.established, item.solved, item.measures)
    services.update_case(
        suggestion=item, actor=staff, findings=same, public_summary="摘要", publishable=True
    )


def test_a_shown_case_cannot_lose_its_summary(form, staff):
    item = factories.suggestion(form, status=S.REPLIED, actor=staff)
    services.update_case(suggestion=item, actor=staff, public_summary="摘要", publishable=True)
    with pytest.raises(services.SuggestionError):
        services.update_case(suggestion=item, actor=staff, public_summary="  ")
    item.refresh_from_db()
    assert (item.public_summary, item.publishable) == ("摘要", True)
    hidden = services.update_case(
        suggestion=item, actor=staff, public_summary="", publishable=False
    )
    assert not hidden.publishable


def test_log_names_put_the_family_name_first(form):
    zhao = factories.staff_user("zhao2", first_name="文刚", last_name="赵")
    item = factories.suggestion(form, status=S.ACCEPTED, actor=zhao)
    assert item.events.last().actor_name == "赵文刚"
