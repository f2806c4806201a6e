"""Deadlines in working days by China's holidays and make-up working days (调休), the closing
deadline, and what residents read of them: all from the settings, never typed by hand."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import Site

from discussions.models import DayKind, HolidayDay, SuggestionSettings
from discussions.models import SuggestionStatus as S
from discussions.suggestions import services, workdays
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*parts):
    return datetime.datetime(*parts, tzinfo=SHANGHAI)


@pytest.fixture
def form():
    return factories.suggestion_form(factories.suggestion_index())


@pytest.fixture
def staff():
    return factories.staff_user("zhao", "discussions.handle_suggestion")


def configure(**values):
    config = SuggestionSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(config, name, value)
    config.save()


def test_a_case_received_before_national_day_is_due_after_the_holiday_week(form):
    # Wednesday 30 September 2026; 1–7 October are off, Saturday 10 October is worked.
    with time_machine.travel(at(2026, 9, 30, 16, 30), tick=False):
        item = factories.suggestion(form)
    assert item.accept_due == at(2026, 10, 10, 16, 30)  # 8th, 9th and the make-up Saturday


def test_a_make_up_saturday_is_a_working_day_and_holidays_are_not():
    assert workdays.is_working_day(datetime.date(2026, 10, 10))  # Saturday, 调休上班
    assert workdays.is_working_day(datetime.date(2026, 9, 20))  # Sunday, 调休上班
    assert not workdays.is_working_day(datetime.date(2026, 10, 5))  # Monday, 国庆
    assert not workdays.is_working_day(datetime.date(2026, 10, 11))  # an ordinary Sunday
    assert workdays.add_working_days(datetime.date(2026, 10, 9), 1) == datetime.date(2026, 10, 10)


def test_staff_entries_win_over_the_library():
    HolidayDay.objects.create(date=datetime.date(2026, 10, 9), kind=DayKind.REST, name="试例")
    HolidayDay.objects.create(date=datetime.date(2026, 10, 11), kind=DayKind.WORKING)
    assert not workdays.is_working_day(datetime.date(2026, 10, 9))
    assert workdays.is_working_day(datetime.date(2026, 10, 11))


def test_a_2027_entry_counts_and_a_day_nobody_knows_falls_back_to_monday_to_friday(
    django_assert_num_queries,
):
    HolidayDay.objects.create(date=datetime.date(2027, 1, 1), kind=DayKind.REST, name="元旦")
    HolidayDay.objects.create(date=datetime.date(2027, 1, 4), kind=DayKind.REST, name="元旦")
    HolidayDay.objects.create(date=datetime.date(2027, 1, 9), kind=DayKind.WORKING, name="元旦")
    with django_assert_num_queries(1):  # the entries once, not once a day
        # Thursday 31 December 2026 → Tue 5, Wed 6, Thu 7, Fri 8, Sat 9 (worked) January.
        assert workdays.add_working_days(datetime.date(2026, 12, 31), 5) == datetime.date(
            2027, 1, 9
        )
    # 2028: neither staff nor the library know it; Monday to Friday.
    assert workdays.is_working_day(datetime.date(2028, 1, 3))  # a Monday
    assert not workdays.is_working_day(datetime.date(2028, 1, 8))  # a Saturday
    assert workdays.add_working_days(datetime.date(2028, 1, 7), 1) == datetime.date(2028, 1, 10)


WARNING = "2027年的节假日和调休上班日尚未录入"


def test_the_admin_warns_until_someone_knows_the_year(client):
    admin = factories.staff_user("admin", superuser=True)
    with time_machine.travel(at(2026, 12, 15, 9, 0), tick=False):
        client.force_login(admin)
        settings_page = client.get("/admin/settings/discussions/suggestionsettings/", follow=True)
        listing = client.get("/admin/holidays/")
        assert WARNING in settings_page.content.decode()
        assert WARNING in listing.content.decode()
        HolidayDay.objects.create(date=datetime.date(2027, 2, 6), kind=DayKind.REST, name="春节")
        assert WARNING not in client.get("/admin/holidays/").content.decode()
        assert "2027年2月6日（星期六）" in client.get("/admin/holidays/").content.decode()
    with time_machine.travel(at(2026, 6, 1, 9, 0), tick=False):  # deadlines stay in 2026
        client.force_login(admin)
        assert "尚未录入" not in client.get("/admin/holidays/").content.decode()


def test_holidays_are_not_open_to_case_handlers(client, staff):
    client.force_login(staff)
    assert client.get("/admin/holidays/").status_code == 403


def test_accepting_sets_the_reply_and_closing_deadlines_and_settings_do_not_move_them(form, staff):
    configure(close_days=10)
    with time_machine.travel(at(2026, 9, 28, 9, 0), tick=False):  # a Monday
        item = factories.suggestion(form, status=S.ACCEPTED, actor=staff)
    # 15 working days: 29, 30 Sep, 8, 9, 10 (Sat, worked), 12–16, 19–23 Oct.
    assert item.complete_due == at(2026, 10, 23, 9, 0)
    assert item.close_due == at(2026, 10, 16, 9, 0)  # 10 working days
    assert item.is_overdue(now=at(2026, 10, 16, 9, 1))  # closing comes first here
    configure(complete_days=1, close_days=1, close_counting="calendar")
    item.refresh_from_db()
    assert (item.complete_due, item.close_due) == (at(2026, 10, 23, 9, 0), at(2026, 10, 16, 9, 0))


def test_the_thank_you_and_status_pages_state_the_deadline_from_the_settings(client, form, staff):
    data = {"category": "党风廉政", "content": "建议公开经费。", "anonymous": "on"}
    with time_machine.travel(at(2026, 11, 27, 10, 0), tick=False):  # a Friday
        done = client.get(client.post(form.url, data)["Location"]).content.decode()
        assert "3个工作日内受理" in done and "15个工作日内答复" in done
        assert "30个工作日内办结" in done
        item = form.get_submission_class().objects.get()
        status = client.get(f"/suggestions/track/{item.tracking_code}/").content.decode()
        assert "预计12月2日前受理" in status
        configure(accept_days=5, accept_counting="calendar")
        done = client.get(client.post(form.url, data)["Location"]).content.decode()
        assert "5天内受理" in done and "3个工作日" not in done
        newer = form.get_submission_class().objects.latest("pk")
        status = client.get(f"/suggestions/track/{newer.tracking_code}/").content.decode()
        assert "预计12月2日前受理" in status
        services.transition_suggestion(suggestion=newer, to=S.ACCEPTED, actor=staff)
        status = client.get(f"/suggestions/track/{newer.tracking_code}/").content.decode()
        assert "预计12月18日前答复" in status  # 15 working days from Friday 27 November


def test_the_thank_you_text_may_not_repeat_the_deadlines(form):
    form.thank_you_text = "社区会在3个工作日内受理。"
    with pytest.raises(ValidationError) as refusal:
        form.full_clean()
    assert "thank_you_text" in refusal.value.message_dict
    form.thank_you_text = "社区指定专人办理。"
    form.full_clean()


def test_reviewers_keep_the_holiday_calendar_and_editors_read_it(client):
    from django.contrib.auth.models import Group

    for name, may_add in (("审核", True), ("编辑", False)):
        user = factories.staff_user(f"member-{may_add}")
        user.groups.add(Group.objects.get(name=name))
        client.force_login(user)
        assert client.get("/admin/holidays/").status_code == 200, name
        assert client.get("/admin/holidays/new/").status_code == (200 if may_add else 403), name
