"""Meeting records: the page tree, what a record shows, the index filters and bad input."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from discussions.models import (
    AgendaItem,
    Attendee,
    DiscussionIndexPage,
    FollowUpTask,
    MeetingKind,
    MeetingRecordPage,
    RaisedSuggestion,
    Resolution,
    Speech,
)
from home.models import ArticlePage, HomePage
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def text_of(response):
    """The page's visible text with tags and white space removed, for phrases like 3/4完成."""
    html = response.content.decode()
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def full_record(index, **fields):
    today = timezone.localdate()
    return factories.record(
        index,
        title="第六党支部支部委员会",
        kind=MeetingKind.BRANCH_COMMITTEE,
        host="赵文刚",
        recorder="邵琳",
        attendees=[
            Attendee(name="赵文刚", role="支部书记"),
            Attendee(name="邵琳", role="宣传委员"),
            Attendee(name="马雨涛", role="文体委员"),
            Attendee(name="黄宇强", role="纪检委员", present=False, absence_reason="外出培训"),
        ],
        agenda_items=[AgendaItem(title="前三季度自评"), AgendaItem(title="第四季度任务")],
        speeches=[
            Speech(speaker="邵琳", role="宣传委员", summary="报表要按时填报。"),
            Speech(speaker="赵文刚", summary="先把自己管好。", is_quotation=True),
        ],
        raised_suggestions=[RaisedSuggestion(text="经费每季度公开一次", raised_by="马雨涛")],
        resolutions=[
            Resolution(text="对照考核指标做好准备"),
            Resolution(text="继续抓好三会一课"),
            Resolution(text="做好发展党员工作"),
        ],
        tasks=[
            FollowUpTask(task="传达会议精神", done=True, done_on=today, completion_note="已传达"),
            FollowUpTask(task="整改清单", done=True, due_date=today - datetime.timedelta(days=9)),
            FollowUpTask(task="准备考核材料", due_date=today + datetime.timedelta(days=5)),
            FollowUpTask(task="汇总居民意见", due_date=today - datetime.timedelta(days=1)),
        ],
        **fields,
    )


def test_page_tree_rules():
    assert DiscussionIndexPage.parent_page_types == ["home.HomePage"]
    assert DiscussionIndexPage.subpage_types == ["discussions.MeetingRecordPage"]
    assert MeetingRecordPage.parent_page_types == ["discussions.DiscussionIndexPage"]
    assert MeetingRecordPage.subpage_types == []
    assert DiscussionIndexPage.can_create_at(factories.home_page())
    index = factories.discussion_index()
    assert not DiscussionIndexPage.can_create_at(factories.home_page())  # one per site
    assert MeetingRecordPage.can_create_at(index)
    assert not MeetingRecordPage.can_create_at(factories.home_page())
    assert not ArticlePage.can_create_at(index)
    assert not HomePage.can_create_at(index)


def test_record_page_shows_the_minutes(client):
    index = factories.discussion_index()
    record = full_record(index)
    response = client.get(record.url)
    assert response.status_code == 200
    text = text_of(response)
    assert "出席3/4" in text or "Present3/4" in text
    assert "黄宇强" in text and "外出培训" in text
    html = response.content.decode()
    resolutions = re.search(r'<ol class="resolutions">(.*?)</ol>', html, re.S).group(1)
    numbers = re.findall(r'data-number="(\d+)"', resolutions)
    assert numbers == ["1", "2", "3"]
    assert resolutions.index("对照考核指标") < resolutions.index("三会一课")
    assert 'data-done="2" data-total="4"' in html
    # One task is open past its due date: flagged; the one due in five days is not.
    assert html.count('class="task overdue"') == 1
    overdue_item = re.search(r'<li class="task overdue">(.*?)</li>', html, re.S).group(1)
    assert "汇总居民意见" in overdue_item
    assert "speech-quote" in html and "先把自己管好" in html


# Just after midnight in Beijing, while it is still the day before in UTC.
AFTER_MIDNIGHT = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=SHANGHAI)


@time_machine.travel(AFTER_MIDNIGHT, tick=False)
def test_overdue_follows_the_calendar_in_shanghai():
    today = timezone.localdate()
    assert today == datetime.date(2026, 11, 30)
    task = FollowUpTask(task="x", due_date=today)
    assert not task.is_overdue  # due today is not late yet
    task.due_date = today - datetime.timedelta(days=1)
    assert task.is_overdue
    task.done = True
    assert not task.is_overdue
    assert FollowUpTask(task="no date").is_overdue is False


def test_attendance_from_a_head_count():
    index = factories.discussion_index()
    record = factories.record(index, present_total=165)
    assert record.attendance == (165, None)
    record = factories.record(index, expected_count=10, attendees=[Attendee(name="甲")])
    assert record.attendance == (1, 10)
    assert factories.record(index).attendance == (None, None)


def test_progress_in_chinese(client):
    index = factories.discussion_index()
    record = full_record(index)
    text = text_of(client.get(record.url, headers={"accept-language": "zh-hans"}))
    # Until the catalogue has the new strings, the English form is what shows.
    assert "2/4完成" in text or "2/4done" in text


# Early in January the default record, ten days back, would fall in the year before, and a
# record a year before 29 February has no date: the year filter is tested on a fixed day.
@time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_index_filters_by_kind_and_year(client):
    index = factories.discussion_index()
    now = timezone.localtime()
    factories.record(index, title="今年议事会", kind=MeetingKind.RESIDENT_COUNCIL)
    factories.record(index, title="今年支委会", kind=MeetingKind.BRANCH_COMMITTEE)
    factories.record(
        index, title="去年座谈会", kind=MeetingKind.FORUM, start=now.replace(year=now.year - 1)
    )

    def titles(**params):
        response = client.get(index.url, params)
        assert response.status_code == 200
        return sorted(record.title for record in response.context["records"])

    assert titles() == ["今年支委会", "今年议事会", "去年座谈会"]
    assert titles(kind="branch_committee") == ["今年支委会"]
    assert titles(year=now.year - 1) == ["去年座谈会"]
    assert titles(year=now.year, kind="forum") == []
    response = client.get(index.url)
    assert response.context["years"] == [now.year, now.year - 1]


def test_index_lists_newest_first_and_hides_drafts(client):
    index = factories.discussion_index()
    factories.record(index, title="较早", days_ago=30)
    factories.record(index, title="最近", days_ago=1)
    draft = factories.record(index, title="草稿")
    draft.unpublish()
    response = client.get(index.url)
    assert [r.title for r in response.context["records"]] == ["最近", "较早"]


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=1",
        "?year=99999999999999999999",
        "?kind=x",
        "?kind=<script>",
        "?page=99999",
        "?page=abc",
        "?page=-1",
        "?year=２０２６&kind=resident_council&page=0",
    ],
)
def test_bad_query_params_give_a_friendly_page(client, query):
    index = factories.discussion_index()
    factories.record(index)
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert len(response.context["records"].object_list) == 1


def test_empty_index_and_empty_filter(client):
    index = factories.discussion_index()
    assert client.get(index.url).status_code == 200
    factories.record(index, kind=MeetingKind.FORUM)
    response = client.get(index.url + "?kind=other")
    assert response.status_code == 200
    assert 'href="?"' in response.content.decode()


def test_load_demo_twice_is_idempotent():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def snapshot():
        index = Page.objects.get(slug="discussions").specific
        assert isinstance(index, DiscussionIndexPage) and index.show_in_menus
        records = MeetingRecordPage.objects.child_of(index).live()
        return {
            "records": sorted(records.values_list("slug", flat=True)),
            "rows": [
                model.objects.count()
                for model in (
                    Attendee,
                    AgendaItem,
                    Speech,
                    RaisedSuggestion,
                    Resolution,
                    FollowUpTask,
                )
            ],
        }

    first = snapshot()
    assert len(first["records"]) == 3
    assert all(first["rows"])
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
    campaign = MeetingRecordPage.objects.get(slug="reception-campaign-mobilisation")
    assert campaign.attendance == (165, None)
    committee = MeetingRecordPage.objects.get(slug="sixth-branch-committee-q4")
    assert [person.role for person in committee.attendee_list][:4] == [
        "支部书记",
        "宣传委员",
        "文体委员",
        "纪检委员",
    ]
    assert len(committee.resolution_list) == 4
