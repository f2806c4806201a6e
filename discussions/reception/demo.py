"""Demo content for the reception days (接访日): who receives residents, when and where.

It retells the township's reception campaign (大接访) of the seed report in our own words:
leaders keep a fixed reception day each week, the discipline inspection commissioner holds an
extra session, a holiday calls one day off. The one-off dates are counted from ``today`` so the
demo always shows sessions ahead.
"""

from datetime import time, timedelta

from home.demo import publish_page

from .models import ReceptionDay, ReceptionRule, ReceptionSchedulePage, Weekday
from .visits import Visit

PLACE = "社区党群服务中心一楼接待室"

INTRO = (
    "社区领导定期坐班，当面听取居民的意见和诉求。当场能答复的当场答复，一时办不了的登记在册、"
    "专人跟进，办结后回访。反映的问题坚持“三不放过”：没查清不放过，没解决不放过，措施没落实不放过。"
)

VISITING_NOTES = (
    "<ul>"
    "<li>来访请带上本人身份证；替别人反映情况的，请带上对方的委托书。</li>"
    "<li>一次来访只谈一件事，把经过讲清楚，有关材料请一并带来。</li>"
    "<li>多人反映同一件事的，请推选代表来访，人数不超过<b>5</b>人。</li>"
    "<li>请依照《信访工作条例》逐级反映、有序表达；不堵门、不滞留，不缠访闹访。</li>"
    "<li>行动不便的老人可以先打电话预约，社区工作人员上门听取意见。</li>"
    "<li>不在接访时间，也可以拨打<b>12345</b>政务服务便民热线，或在本站“意见建议”栏目留言。</li>"
    "</ul>"
)


def _next(today, weekday, at_least):
    """The first ``weekday`` (0 = Monday) at least ``at_least`` days after ``today``."""
    first = today + timedelta(days=at_least)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def rules(today):
    return [
        ReceptionRule(
            weekday=Weekday.MONDAY,
            start_time=time(9, 0),
            end_time=time(12, 0),
            leader_name="赵文刚",
            leader_title="社区党支部书记",
            place=PLACE,
            topics="党员干部作风、社区“三务”公开、邻里纠纷和其他民生诉求",
        ),
        ReceptionRule(
            weekday=Weekday.THURSDAY,
            start_time=time(14, 30),
            end_time=time(17, 30),
            leader_name="刘秀兰",
            leader_title="社区居委会主任",
            place=PLACE,
            topics="物业管理、养老服务、低保和救助政策咨询",
            valid_from=today - timedelta(days=60),
        ),
    ]


def days(today):
    return [
        ReceptionDay(
            # A Saturday, for residents who work on weekdays.
            date=_next(today, Weekday.SATURDAY, 5),
            start_time=time(9, 0),
            end_time=time(11, 30),
            leader_name="孙立新",
            leader_title="乡纪委书记",
            place="社区党群服务中心一楼议事厅",
            topics="反映党员干部违纪问题，对信访事项办理不满意的复查",
            note="乡领导下沉接访，周末加开一场；领导包案的信访积案当面回复进展。",
        ),
        ReceptionDay(
            date=_next(today, Weekday.MONDAY, 14),
            cancels_regular=True,
            note="法定节假日放假。急事请拨打12345热线，或到社区值班室登记。",
        ),
    ]


def load(*, home, today, **_unused):
    """Publish /reception/ under ``home``; returns {"接访安排": number of rules and days}."""
    page_rules, page_days = rules(today), days(today)
    page = publish_page(
        home,
        ReceptionSchedulePage,
        "reception",
        title="接访日",
        show_in_menus=True,
        intro=INTRO,
        weeks_ahead=4,
        visiting_notes=VISITING_NOTES,
        rules=page_rules,
        days=page_days,
    )
    if page is None:
        # Another page type holds /reception/: leave it and its content alone.
        return {"接访安排": 0}
    return {"接访安排": len(page_rules) + len(page_days)}


def visits(today):
    """下访: leaders going out to residents who cannot easily come in, this quarter and the last."""
    return [
        Visit(
            date=today - timedelta(days=days_ago),
            leaders=leaders,
            place=place,
            residents_met=met,
            summary=summary,
        )
        for days_ago, leaders, place, met, summary in (
            (
                100,
                "赵文刚、刘秀兰",
                "5号楼、6号楼独居老人家中",
                "5号楼张大爷、6号楼李奶奶等4户独居老人",
                "了解助餐和上门体检需求，现场登记诉求2件。",
            ),
            (
                55,
                "孙立新（乡纪委书记）",
                "老旧小区改造工地及周边楼栋",
                "施工影响较大的9号楼居民代表3人",
                "听取对改造工程质量和资金公开的意见，登记诉求1件，包案跟进。",
            ),
            (
                12,
                "赵文刚",
                "社区西片网格",
                "网格内困难家庭2户、行动不便党员1名",
                "送学上门，听取对社区“三务”公开的意见，登记诉求1件。",
            ),
        )
    ]


def load_visits(*, today):
    """The home visits, once: a second run leaves the visits of the first as they are."""
    if Visit.objects.exists():
        return {"下访记录": Visit.objects.count()}
    made = Visit.objects.bulk_create(visits(today))
    return {"下访记录": len(made)}
