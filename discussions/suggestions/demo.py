"""Demo suggestions for `manage.py load_demo`: a form, and a case in every state of handling.

The cases follow what the seed report says residents and members raise (integrity slogans on
the notice boards, lectures, a quiz, open and fair community work) and how the township says a
case must be handled: a responsible person for each (包案), a follow-up call, and no closing
before the facts are established, the problem solved and the measures carried out (三不放过).
Every write goes through the services, with messages paused because the numbers are made up.
Loading again leaves the cases of an earlier run as they are.
"""

from dataclasses import dataclass, field
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.demo import paragraph, publish_page
from home.formatting import local_datetime
from home.notifications import paused

from ..reception.visits import Visit
from . import services
from .channels import Channel
from .demo_channels import cases as channel_cases
from .models import Suggestion, SuggestionFormField, SuggestionFormPage, SuggestionIndexPage
from .workflow import SuggestionStatus as S

INDEX = {
    "title": "意见建议",
    "show_in_menus": True,
    "intro": "对社区党风廉政建设和日常工作有意见或建议，都可以在这里提出。每条建议都有查询码，"
    "办理到哪一步、怎么答复的，凭查询码随时可查；答复后愿意公开的，登在答复公开栏里。",
}

FORM = {
    "title": "意见建议征集表",
    "intro": "实名提交的，答复后我们发短信告诉您；不方便留名的，可以匿名提交，凭查询码查看答复。",
    "thank_you_text": "社区指定专人办理，办结前做到问题查清、问题解决、措施落实。",
    "body": [
        paragraph(
            "<p>收到建议后，社区指定专人负责办理。办结前要做到三条：问题查清楚、问题解决好、"
            "整改措施落实到位。</p>"
        )
    ],
}

QUESTIONS = [
    ("location", "涉及的地点或楼栋", "singleline", False, "", "例如：3号楼东侧、社区活动室"),
    ("identity", "您的身份", "dropdown", False, "社区居民\n社区党员\n辖区单位职工\n其他", ""),
]

STAFF = [
    # (username, full name as shown in the admin)
    ("zhaowengang", "赵", "文刚"),
    ("shaolin", "邵", "琳"),
    ("huangyuqiang", "黄", "宇强"),
]


@dataclass
class Case:
    category: str
    content: str
    days_ago: int
    steps: list = field(default_factory=list)  # (status, days after submitting, kwargs)
    name: str = ""
    phone: str = ""
    extra: dict = field(default_factory=dict)
    summary: str = ""  # shown on the replies board when set


CASES = [
    Case(
        "党风廉政",
        "小区宣传栏里多是商业广告，建议腾出位置张贴廉政标语和廉政小故事，让居民出门就能看到。",
        40,
        [
            (S.ACCEPTED, 1, {"note": "转宣传委员办理。"}),
            (S.IN_PROGRESS, 1, {"assignee": "shaolin"}),
            (
                S.REPLIED,
                9,
                {
                    "reply": "感谢您的建议。社区已清理小区内4处宣传栏的过期广告，开辟“清风廉韵”"
                    "专栏，张贴廉政标语和廉政小故事，每月更换一次。"
                },
            ),
            (
                S.FOLLOWED_UP,
                12,
                {
                    "note": "电话回访，居民表示满意，希望内容多一些本地故事。",
                    "satisfaction": "satisfied",
                    "method": "phone",
                },
            ),
            (
                S.CLOSED,
                14,
                {
                    "findings": services.Findings(
                        established="经实地查看，小区4处宣传栏中有3处被商业广告占用，"
                        "廉政宣传内容长期未更新。",
                        solved="清理过期广告，4处宣传栏均开设“清风廉韵”专栏，首期内容已张贴。",
                        measures="宣传委员负责每月更换专栏内容；商业广告须经社区登记后张贴，"
                        "纳入网格员日常巡查。",
                    )
                },
            ),
        ],
        name="王久余",
        phone="13900001001",
        extra={"location": "小区东门、3号楼、7号楼宣传栏", "identity": "社区党员"},
        summary="建议把小区宣传栏的商业广告清理掉，张贴廉政标语和廉政小故事。",
    ),
    Case(
        "党风廉政",
        "廉政文化讲座很好，但都安排在工作日上午，上班的年轻党员来不了，建议有的场次放在周末。",
        25,
        [
            (S.ACCEPTED, 1, {}),
            (S.IN_PROGRESS, 2, {"assignee": "zhaowengang"}),
            (
                S.REPLIED,
                6,
                {
                    "reply": "采纳。从下季度起，每月的廉政文化讲座中有一场安排在周六上午，"
                    "并在社区网站“活动报名”中提前两周发布。"
                },
            ),
            (
                S.FOLLOWED_UP,
                9,
                {
                    "note": "短信回访，已知晓周末场次安排。",
                    "satisfaction": "satisfied",
                    "method": "sms",
                },
            ),
        ],
        name="刘晓燕",
        phone="13900001002",
        extra={"identity": "社区党员"},
        summary="廉政讲座都在工作日上午，上班的党员来不了，建议部分场次放在周末。",
    ),
    Case(
        "社区治理",
        "建议社区把困难家庭补助的评议名单和评议过程公开出来，大家心里都有数。",
        18,
        [
            (S.ACCEPTED, 1, {}),
            (S.IN_PROGRESS, 1, {"assignee": "huangyuqiang"}),
            (
                S.REPLIED,
                8,
                {
                    "reply": "困难家庭补助的评议结果此前只在办公室门口张贴。今后评议名单将在"
                    "社区网站“通知公告”和各楼栋公告栏同时公示7天，评议会邀请居民代表列席。"
                },
            ),
        ],
        phone="",
        summary="建议公开困难家庭补助的评议名单和评议过程。",
    ),
    Case(
        "环境卫生",
        "3号楼后面的垃圾桶经常满了没人清运，夏天气味很大，希望能增加清运次数。",
        22,
        [
            (S.ACCEPTED, 2, {}),
            (S.IN_PROGRESS, 3, {"assignee": "zhaowengang", "note": "已联系物业和环卫所。"}),
        ],
        name="陈建国",
        phone="13900001004",
        extra={"location": "3号楼北侧"},
    ),
    Case(
        "社区治理",
        "老年活动室周末不开门，希望周六也能开放半天。",
        4,
        [(S.ACCEPTED, 1, {})],
        name="孙桂兰",
        phone="13900001005",
        extra={"identity": "社区居民"},
    ),
    Case(
        "其他",
        "社区网站的字在手机上还是有点小，希望大字版能一直记住我的选择。",
        1,
        [],
        name="周德明",
        phone="13900001006",
    ),
    Case(
        "其他",
        "小区北门的路灯坏了好几天，晚上出门不方便。",
        6,
        [],
        extra={"location": "小区北门"},
    ),
    Case(
        "其他",
        "想咨询一下外地社保关系转到本市要怎么办理。",
        10,
        [
            (
                S.REJECTED,
                1,
                {
                    "reason": "社保关系转移不属于社区受理范围。请携带身份证和参保凭证到区社会"
                    "保险服务中心办理，也可拨打12345政务服务热线咨询。"
                },
            )
        ],
        name="吴海",
        phone="13900001008",
    ),
]


def _staff():
    """Demo assignees: staff who handle cases but cannot sign in (no password)."""
    users = {}
    group = Group.objects.filter(name="审核").first()
    for username, last_name, first_name in STAFF:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"last_name": last_name, "first_name": first_name},
        )
        if created:
            user.set_unusable_password()
            user.save()
            if group:
                user.groups.add(group)
        users[username] = user
    return users


def _questions():
    return [
        SuggestionFormField(
            clean_name=key,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
        )
        for key, label, field_type, required, choices, help_text in QUESTIONS
    ]


def _at(today, days_ago, hour=10):
    return local_datetime(today - timedelta(days=days_ago), time(hour))


def _play(case, form_page, users, today, actor):
    submitted = _at(today, case.days_ago, hour=9)
    suggestion = services.submit_suggestion(
        page=form_page,
        category=case.category,
        content=case.content,
        anonymous=not (case.name or case.phone),
        name=case.name,
        phone=case.phone,
        consent=True,
        extra=case.extra,
        now=submitted,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(submit_time=submitted)
    for status, after, options in case.steps:
        options = dict(options)
        if "assignee" in options:
            options["assignee"] = users[options["assignee"]]
        services.transition_suggestion(
            suggestion=suggestion,
            to=status,
            actor=actor,
            now=_at(today, case.days_ago - after, hour=15),
            **options,
        )
    if case.summary:
        services.update_case(
            suggestion=suggestion, actor=actor, public_summary=case.summary, publishable=True
        )
    return suggestion


def _steps(suggestion, steps, received, users, today, actor):
    for status, after, options in steps:
        options = dict(options)
        if "assignee" in options:
            options["assignee"] = users[options["assignee"]]
        day = min(received + timedelta(days=after), today)
        services.transition_suggestion(
            suggestion=suggestion,
            to=status,
            actor=actor,
            now=local_datetime(day, time(15)),
            **options,
        )


def _play_channel(case, form_page, users, today, actor, played):
    """A case staff logged from a reception day, a visit, a call or a letter."""
    visits = list(Visit.objects.order_by("date", "pk"))
    visit = visits[case.visit] if case.visit is not None and case.visit < len(visits) else None
    day = case.on
    if case.channel == Channel.RECEPTION:
        day -= timedelta(days=day.weekday())  # that week's Monday session
    elif visit is not None:
        day = visit.date
    received = local_datetime(day, time(10))
    repeat_of = played[case.repeat_of] if case.repeat_of is not None else None
    suggestion = services.log_case(
        page=form_page,
        channel=case.channel if case.channel != Channel.VISIT or visit else Channel.PHONE,
        category=case.category,
        content=case.content,
        name=case.name,
        phone=case.phone,
        consent=True,
        reception_date=day if case.channel == Channel.RECEPTION else None,
        visit=visit,
        received_by=case.received_by,
        repeat_of=repeat_of,
        logged_by=actor,
        now=received,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        submit_time=received, lead_leader=case.lead_leader
    )
    _steps(suggestion, case.steps, day, users, today, actor)
    return suggestion


def load(*, home, today):
    """Publish /suggestions/ with its form, and the demo cases once; returns counts."""
    index = publish_page(home, SuggestionIndexPage, "suggestions", **INDEX)
    if index is None:
        return {"意见建议": 0}
    form_page = publish_page(index, SuggestionFormPage, "form", form_fields=_questions(), **FORM)
    if form_page is None:
        return {"意见建议": 0}
    existing = Suggestion.objects.filter(page=form_page).count()
    if existing:
        return {"意见建议": existing}
    users = _staff()
    more = channel_cases(today)
    with paused():
        for case in CASES:
            _play(case, form_page, users, today, actor=users["zhaowengang"])
        played = []
        for case in more:
            played.append(
                _play_channel(case, form_page, users, today, users["zhaowengang"], played)
            )
    return {"意见建议": len(CASES) + len(more)}
