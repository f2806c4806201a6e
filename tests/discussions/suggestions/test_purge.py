"""Cases lose everything that identifies or quotes a resident 180 days after they were closed
or refused, or after 3 years without activity whatever their status; what the report counts
stays."""

import datetime

import pytest
import time_machine

from discussions.models import Channel, Suggestion, SuggestionEvent, Visit
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services
from tests import factories
from tests.factories import phone
from tests.purging import purge

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

T0 = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # Monday 10:00 in Beijing
DAY = datetime.timedelta(days=1)


def at(days):
    return time_machine.travel(T0 + days * DAY, tick=False)


@pytest.fixture
def form(db):
    with at(0):
        index = factories.suggestion_index()
        return factories.suggestion_form(
            index,
            questions=[
                ("identity", "身份", "singleline", False),
                ("place", "问题地点", "singleline", False),
            ],
        )


@pytest.fixture
def staff(db):
    return factories.staff_user("zhao", "discussions.handle_suggestion", first_name="文刚")


def submitted(form, number, **fields):
    return services.submit_suggestion(
        page=form,
        category=form.category_list[0],
        content=fields.pop("content", f"第{number}号楼道灯坏了一个月。"),
        anonymous=False,
        name=f"居民{number}",
        phone=phone(number),
        consent=True,
        extra={"identity": "社区党员", "place": f"{number}号楼"},
        **fields,
    )


def closed(form, number, staff, **fields):
    item = submitted(form, number, **fields)
    for step, needs in (
        (S.ACCEPTED, {}),
        (S.IN_PROGRESS, {"assignee": staff}),
        (S.REPLIED, {"reply": f"已为{number}号楼更换灯泡。"}),
        (
            S.FOLLOWED_UP,
            {
                "note": f"电话回访居民{number}，满意。",
                "satisfaction": "satisfied",
                "method": "phone",
            },
        ),
        (S.CLOSED, {"findings": services.Findings("灯泡老化", "更换灯泡", "每月巡查")}),
    ):
        item = services.transition_suggestion(suggestion=item, to=step, actor=staff, **needs)
    return item


def test_a_closed_case_keeps_its_figures_and_loses_its_words(form, staff):
    with at(0):
        done = closed(form, 1, staff)
        refused = services.transition_suggestion(
            suggestion=submitted(form, 2),
            to=S.REJECTED,
            actor=staff,
            reason="居民2的问题不归社区。",
        )
        still_open = services.transition_suggestion(
            suggestion=submitted(form, 3), to=S.ACCEPTED, actor=staff
        )

    notes = SuggestionEvent.objects.filter(suggestion__in=[done, refused]).exclude(note="")
    assert notes.filter(note__contains="电话回访居民1").exists()
    noted = notes.count()

    with at(180):
        assert purge()["suggestions"] == 0
    with at(181):
        counts = purge()
    assert counts["suggestions"] == 2
    assert counts["suggestion_notes"] == noted

    for item in (done, refused):
        item.refresh_from_db()
        assert (item.name, item.phone, item.content, item.form_data) == ("", None, "", {})
        assert (item.reject_reason, item.established, item.solved, item.measures) == ("",) * 4
        assert (item.public_reply, item.public_summary) == ("", "")
    assert (done.status, done.satisfaction, done.category) == (S.CLOSED, "satisfied", "党风廉政")
    assert done.closed_at == T0 and done.accepted_at == T0
    assert refused.status == S.REJECTED
    assert not SuggestionEvent.objects.filter(suggestion__in=[done, refused]).exclude(note="")
    assert done.events.count() == 6  # who did what, and when, stays

    still_open.refresh_from_db()
    assert still_open.phone == phone(3) and still_open.form_data["identity"] == "社区党员"
    with at(181):
        assert purge() == {**{key: 0 for key in counts}}


def test_a_reply_on_the_public_board_stays_there(client, form, staff):
    with at(0):
        shown = closed(form, 1, staff)
        services.update_case(
            suggestion=shown, actor=staff, publishable=True, public_summary="反映楼道灯不亮。"
        )
    with at(200):
        assert purge()["suggestions"] == 1
        board = client.get("/suggestions/replies/").content.decode()
        status = client.get(f"/suggestions/track/{shown.tracking_code}/")
    # The resident's code still shows how the case went, without what was written.
    assert status.status_code == 200 and 'data-status="closed"' in status.content.decode()
    assert "楼道灯坏了" not in status.content.decode()
    shown.refresh_from_db()
    assert (shown.public_summary, shown.public_reply) == ("反映楼道灯不亮。", "已为1号楼更换灯泡。")
    assert shown.content == "" and shown.phone is None
    assert "反映楼道灯不亮。" in board and "居民1" not in board


def test_a_case_never_closed_goes_after_three_years_without_activity(form, staff):
    with at(0):
        forgotten = services.transition_suggestion(
            suggestion=submitted(form, 1), to=S.ACCEPTED, actor=staff
        )
        noted = services.transition_suggestion(
            suggestion=submitted(form, 2), to=S.ACCEPTED, actor=staff
        )
        repeated = submitted(form, 3)
    with at(400):
        # A note a year later is activity: its three years start again.
        services.update_case(suggestion=noted, actor=staff, lead_leader="李书记")
    with at(1000):
        services.log_case(
            page=form,
            channel=Channel.PHONE,
            category=form.category_list[0],
            content="还是没有解决。",
            logged_by=staff,
            consent=True,
            name="居民3",
            phone=phone(3),
            repeat_of=repeated,
        )

    with at(3 * 365 - 1):
        assert purge()["inactive_suggestions"] == 0
    with at(3 * 365 + 1):
        assert purge(dry_run=True)["inactive_suggestions"] == 1
        assert Suggestion.objects.get(pk=forgotten.pk).phone == phone(1)  # a dry run only counts
        assert purge()["inactive_suggestions"] == 1
    assert Suggestion.objects.get(pk=forgotten.pk).phone is None
    assert Suggestion.objects.get(pk=forgotten.pk).status == S.ACCEPTED
    assert Suggestion.objects.get(pk=noted.pk).phone == phone(2)
    assert Suggestion.objects.get(pk=repeated.pk).phone == phone(3)

    with at(400 + 3 * 365 + 1):
        counts = purge()
    assert counts["inactive_suggestions"] == 1 and counts["suggestion_notes"] == 1
    assert Suggestion.objects.get(pk=noted.pk).phone is None
    assert not SuggestionEvent.objects.filter(suggestion=noted).exclude(note="")
    assert Suggestion.objects.get(pk=repeated.pk).phone == phone(3)


def test_whether_the_resident_came_back_outlives_the_numbers(form, staff):
    with at(0):
        returned, settled, late = (
            closed(form, 1, staff),
            closed(form, 2, staff),
            closed(form, 3, staff),
        )
    with at(30):
        submitted(form, 1, content="同一个问题又出现了。")
    with at(120):
        submitted(form, 3, content="另一个问题。")  # after the 90 days: not a return

    with at(400):
        assert purge()["suggestions"] == 3
    remembered = dict(Suggestion.objects.filter(status=S.CLOSED).values_list("pk", "came_back"))
    assert remembered == {returned.pk: True, settled.pk: False, late.pk: False}

    with at(120 + 3 * 365 + 1):
        assert purge()["inactive_suggestions"] == 2
    assert not Suggestion.objects.exclude(phone=None).exists()
    assert Suggestion.objects.get(pk=returned.pk).came_back


def test_home_visits_keep_their_date_and_leaders(form, staff):
    with at(0):
        visit = Visit.objects.create(
            date=datetime.date(2026, 3, 2),
            leaders="赵文刚",
            place="5号楼张大爷家",
            residents_met="张大爷",
            summary="张大爷反映助餐点太远。",
        )
        case = services.log_case(
            page=form,
            channel=Channel.VISIT,
            category=form.category_list[0],
            content="助餐点太远。",
            logged_by=staff,
            visit=visit,
        )
    with at(180):
        assert purge()["visits"] == 0
    with at(181):
        assert purge()["visits"] == 1
    visit.refresh_from_db()
    assert (visit.residents_met, visit.summary, visit.place) == ("", "", "")
    assert (visit.date, visit.leaders) == (datetime.date(2026, 3, 2), "赵文刚")
    assert visit.cases.get() == case
