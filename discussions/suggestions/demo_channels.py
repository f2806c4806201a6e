"""Demo cases from every channel (接访, 下访, 来电, 来信) across this quarter and the last, for
`manage.py load_demo`: dates counted from the demo's ``today`` so that a quarterly report has
cases, verdicts, a repeat visit and overdue work to show in both periods."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from .channels import Channel
from .workflow import SuggestionStatus as S


def quarter_start(day):
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_start(day):
    start = quarter_start(day)
    return quarter_start(start - timedelta(days=1))


@dataclass
class ChannelCase:
    channel: str
    category: str
    content: str
    on: date  # the day it was received (a reception case: moved to that week's Monday)
    steps: list = field(default_factory=list)  # (status, days after receiving, kwargs)
    name: str = ""
    phone: str = ""
    received_by: str = ""
    lead_leader: str = ""
    visit: int | None = None  # index into reception.demo.visits()
    repeat_of: int | None = None  # index of an earlier case in this list


def _closed(reply, verdict, method, note, findings, after=(1, 2, 8, 11, 13)):
    from . import services

    return [
        (S.ACCEPTED, after[0], {}),
        (S.IN_PROGRESS, after[1], {"assignee": "zhaowengang"}),
        (S.REPLIED, after[2], {"reply": reply}),
        (S.FOLLOWED_UP, after[3], {"note": note, "satisfaction": verdict, "method": method}),
        (S.CLOSED, after[4], {"findings": services.Findings(*findings)}),
    ]


def cases(today):
    last = previous_quarter_start(today)
    this = quarter_start(today)

    def this_quarter(days_ago):
        return max(this, today - timedelta(days=days_ago))

    return [
        ChannelCase(
            Channel.RECEPTION,
            "社区治理",
            "反映小区停车位划线不公平，部分车位被个人长期占用，希望重新规划并公开分配办法。",
            last + timedelta(days=10),
            _closed(
                "社区已会同物业重新施划车位，分配办法在公告栏公示7天后执行。",
                "satisfied",
                "phone",
                "电话回访，居民表示满意。",
                (
                    "12个车位被长期占用，分配办法未公开。",
                    "重新施划并抽签分配。",
                    "分配办法每年公示。",
                ),
            ),
            name="郑国强",
            phone="13900002001",
            received_by="赵文刚",
            lead_leader="赵文刚",
        ),
        ChannelCase(
            Channel.VISIT,
            "社区治理",
            "独居老人希望社区助餐点能送餐上门，行动不便去不了食堂。",
            last + timedelta(days=5),
            _closed(
                "助餐点已为5户行动不便的独居老人开通送餐上门，每餐加收1元配送费。",
                "satisfied",
                "in_person",
                "上门回访，老人很满意。",
                ("5户老人无法到店就餐。", "开通送餐上门。", "网格员每周回访送餐情况。"),
            ),
            name="张福生",
            phone="13900002002",
            received_by="刘秀兰",
            visit=0,
        ),
        ChannelCase(
            Channel.PHONE,
            "环境卫生",
            "来电反映9号楼下水道反味，已经一个多星期了。",
            last + timedelta(days=30),
            _closed(
                "物业已疏通9号楼排污管道并更换破损井盖。",
                "basic",
                "phone",
                "电话回访，基本满意，希望以后定期清掏。",
                ("排污管道堵塞、井盖破损。", "疏通管道、更换井盖。", "物业每季度清掏一次。"),
            ),
            name="钱玉梅",
            phone="13900002003",
        ),
        ChannelCase(
            Channel.VISIT,
            "党风廉政",
            "改造工程的资金使用情况没有公开，居民担心有人从中得好处，要求公开明细。",
            last + timedelta(days=50),
            _closed(
                "改造资金明细已在社区网站和公告栏公开，工程结算将请居民代表参与监督。",
                "unsatisfied",
                "in_person",
                "当面回访，居民认为公开的明细不够细，仍不满意；已说明审计安排。",
                ("资金明细此前未公开。", "公开资金明细。", "结算时邀请居民代表监督。"),
            ),
            name="冯建华",
            phone="13900002004",
            received_by="孙立新",
            lead_leader="孙立新",
            visit=1,
        ),
        ChannelCase(
            Channel.LETTER,
            "党风廉政",
            "来信反映某网格员在发放慰问品时优亲厚友，希望社区核实。",
            last + timedelta(days=60),
            [(S.ACCEPTED, 2, {}), (S.IN_PROGRESS, 3, {"assignee": "huangyuqiang"})],
            lead_leader="孙立新",
        ),
        ChannelCase(
            Channel.RECEPTION,
            "社区治理",
            "希望社区活动室晚上开放，方便下班后的居民参加活动。",
            last + timedelta(days=70),
            [],
            name="褚红",
            phone="13900002006",
            received_by="赵文刚",
        ),
        ChannelCase(
            Channel.RECEPTION,
            "环境卫生",
            "小区绿化带被个别居民改种蔬菜，影响环境，希望社区出面劝导。",
            this_quarter(20),
            [(S.ACCEPTED, 1, {}), (S.IN_PROGRESS, 1, {"assignee": "shaolin"})],
            name="卫兰芳",
            phone="13900002007",
            received_by="刘秀兰",
        ),
        ChannelCase(
            Channel.VISIT,
            "社区治理",
            "困难家庭希望了解临时救助的申请条件和办理流程。",
            this_quarter(12),
            [(S.ACCEPTED, 1, {})],
            name="蒋小军",
            phone="13900002008",
            received_by="赵文刚",
            visit=2,
        ),
        ChannelCase(
            Channel.PHONE,
            "其他",
            "来电询问廉政知识竞赛能不能带家属一起参加。",
            this_quarter(3),
            [],
            name="沈丽",
            phone="13900002009",
        ),
        ChannelCase(
            Channel.RECEPTION,
            "环境卫生",
            "再次反映绿化带种菜的事，上次反映后还没有变化。",
            this_quarter(5),
            [],
            name="卫兰芳",
            phone="13900002007",
            received_by="赵文刚",
            repeat_of=6,
        ),
    ]
