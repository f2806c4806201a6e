"""Demo events for `manage.py load_demo`: lectures and knowledge quizzes with registrations.

The community discussion in the seed report asked for integrity-culture lectures and a
knowledge quiz; these are those events, run by the people the report names. Dates move with
the day the demo is loaded, so there are always events ahead and one just past.

Residents are made up and their numbers clearly fake (139 0000 NNNN). They register, cancel
and check in through events.services, as real residents and staff do, so seats, the waiting
list and attendance are what the services make of them. Running this again registers only
whoever is missing.
"""

from datetime import time, timedelta

from django.utils import timezone

from home import notifications
from home.demo import heading, paragraph, publish_page, quote
from home.formatting import local_datetime

from . import services
from .models import EventIndexPage, EventKind, EventPage, Registration

INDEX = {
    "title": "活动报名",
    "show_in_menus": True,
    "intro": "社区的廉政文化讲座和廉政知识竞赛在这里发布。填写姓名和手机号就能报名，"
    "名额满了可以排队候补，有人取消时按先后顺序递补。",
}

# Made-up residents; resident n has the phone number 1390000NNNN (n from 1).
RESIDENTS = [
    "李秀兰",
    "王建国",
    "张桂英",
    "刘志强",
    "陈淑芬",
    "杨德明",
    "赵玉梅",
    "周丽华",
    "吴永生",
    "徐凤英",
    "孙海涛",
    "胡春燕",
    "朱振华",
    "高美玲",
    "林志刚",
    "何秀珍",
    "郭建军",
    "马丽娟",
    "罗文斌",
    "梁晓红",
    "宋宝山",
    "郑雅琴",
    "谢明辉",
    "韩淑华",
    "唐立新",
    "冯桂芳",
    "于洪波",
    "董秋菊",
    "曹德胜",
    "邓玉珍",
]


def resident(number):
    """(name, phone) of resident ``number`` (from 1)."""
    return RESIDENTS[number - 1], f"1390000{number:04d}"


def events():
    """Each event: its page fields, when it is (days from today, local start, minutes) and who
    registers (residents ``first``…, some at the office desk, some cancelling or absent)."""
    return [
        {
            "slug": "lecture-upright-example",
            "page": {
                "title": "廉政文化讲座：“其身正，不令而行”",
                "kind": EventKind.LECTURE,
                "place": "社区党群服务中心二楼会议室",
                "speaker": "支部书记赵文刚",
                "organiser": "清风社区党支部",
                "capacity": 40,
                "intro": "从《论语》里的一句老话说起，谈谈社区干部为什么要先把自己管好，"
                "居民又能怎样参与监督。",
                "body": [
                    heading("讲些什么"),
                    paragraph(
                        "<p>社区议事会上，不少党员和居民希望多办几场通俗易懂的廉政讲座。这一场由"
                        "支部书记赵文刚主讲，从孔子关于“正”的论述讲起，结合社区日常工作中的小事，"
                        "说说干部的一言一行为什么比张贴的制度更有说服力。</p>"
                    ),
                    quote("其身正，不令而行；其身不正，虽令不从。", "《论语·子路》"),
                    paragraph(
                        "<p>讲座后半段留出时间交流：居民对社区事务公开、经费使用有什么疑问，"
                        "都可以当面提出来。</p>"
                    ),
                    heading("参加须知", "h3"),
                    paragraph(
                        "<ul><li>请提前十分钟到场，凭报名码签到；</li>"
                        "<li>会场在二楼，行动不便的居民可以请门口的工作人员帮忙；</li>"
                        "<li>临时去不了，请在“我的报名”里取消，把座位让给排队的居民。</li></ul>"
                    ),
                ],
            },
            "image": "bamboo",
            "days": 3,
            "at": time(14, 30),
            "minutes": 90,
            "first": 1,
            "count": 12,
            "at_desk": {3, 8},
            "cancelled": {6},
        },
        {
            "slug": "integrity-quiz-first-round",
            "page": {
                "title": "廉政知识竞赛（第一场）",
                "kind": EventKind.QUIZ,
                "place": "社区文化活动室",
                "speaker": "纪检委员黄宇强",
                "organiser": "清风社区居委会",
                "capacity": 20,
                "intro": "居民在议事会上提议的知识竞赛办起来了：分组答题，题目围绕廉政常识、"
                "“三不放过”和《信访条例》。",
                "body": [
                    heading("怎么比"),
                    paragraph(
                        "<p>参赛居民现场分成五个小组，每组四人，依次进行必答题和抢答题两轮，"
                        "最后按小组总分排出名次。主持人由纪检委员黄宇强担任，题目以选择题和判断题"
                        "为主，不考死记硬背。</p>"
                    ),
                    heading("题目从哪里出"),
                    paragraph(
                        "<ul><li>廉政文化常识和社区身边的廉政故事；</li>"
                        "<li>办理信访事项的“三不放过”：查不清、不解决、措施不落实，都不能放过；</li>"
                        "<li>《信访条例》中群众反映诉求的途径和办理时限；</li>"
                        "<li>领导干部“一岗双责”的基本含义。</li></ul>"
                    ),
                    heading("名额和候补", "h3"),
                    paragraph(
                        "<p>活动室只能坐下二十人。名额报满后仍可报名排队候补，有人取消时按报名先后"
                        "依次递补，并发短信通知。没排上的居民也别着急，第二场竞赛已在筹备。</p>"
                    ),
                ],
            },
            "image": "quiz",
            "days": 6,
            "at": time(9, 30),
            "minutes": 90,
            # 23 residents for 20 seats: the last three wait in line.
            "first": 7,
            "count": 23,
            "at_desk": {9, 14, 20},
            "cancelled": set(),
        },
        {
            "slug": "lecture-petition-regulations",
            "page": {
                "title": "专题讲座：《信访条例》与“三不放过”",
                "kind": EventKind.LECTURE,
                "place": "社区党群服务中心二楼会议室",
                "speaker": "乡信访办主任",
                "organiser": "清风社区居委会",
                "capacity": 60,
                "intro": "有了诉求该找谁、怎么反映、多久能有答复？信访办的同志结合大接访、"
                "大下访中的实例来讲。",
                "body": [
                    heading("为什么办这场讲座"),
                    paragraph(
                        "<p>乡里开展领导干部接访、下访以来，积压的老问题解决了一批，重复上访也少了。"
                        "经验之一，是让群众弄清楚依法反映诉求的门路。这场讲座请信访办的同志把"
                        "《信访条例》里和居民关系最密切的内容讲明白。</p>"
                    ),
                    heading("主要内容"),
                    paragraph(
                        "<ul><li>来信、来访、网上反映，各走什么渠道；</li>"
                        "<li>信访事项受理、办理和答复的时限；</li>"
                        "<li>“问题不查清不放过、问题不解决不放过、措施不落实不放过”在实际工作中"
                        "怎样落地；</li>"
                        "<li>领导接待日和包案制度：一件事有一位领导负责到底。</li></ul>"
                    ),
                    paragraph("<p>欢迎带着身边的具体问题来，讲座结束后有半小时现场答疑。</p>"),
                ],
            },
            "image": "door",
            "days": 10,
            "at": time(9, 30),
            "minutes": 120,
            "first": 3,
            "count": 8,
            "at_desk": {2},
            "cancelled": set(),
        },
        {
            "slug": "integrity-quiz-second-round",
            "page": {
                "title": "廉政知识竞赛（第二场）：“一岗双责”与“三会一课”",
                "kind": EventKind.QUIZ,
                "place": "社区文化活动室",
                "speaker": "文体委员马雨涛",
                "organiser": "清风社区党支部",
                "capacity": 30,
                "intro": "第二场竞赛面向社区党员和居民代表，题目侧重支部组织生活和干部的廉政责任。",
                "body": [
                    heading("比赛内容"),
                    paragraph(
                        "<p>这一场的题目分两部分：一是“三会一课”——支部党员大会、支部委员会、"
                        "党小组会和党课各自开什么、多久开一次；二是“一岗双责”——分管业务的干部，"
                        "同时要为分管领域的廉政建设负责。</p>"
                    ),
                    paragraph(
                        "<p>比赛采用个人答题加小组抢答的形式，由文体委员马雨涛主持。第一场没有报上名"
                        "的居民可以优先考虑这一场。</p>"
                    ),
                    heading("准备建议", "h3"),
                    paragraph(
                        "<p>本站“廉政文化”栏目里关于支委会和“一岗双责”的文章，"
                        "都是不错的复习材料。</p>"
                    ),
                ],
            },
            "image": "board",
            "days": 14,
            "at": time(14, 30),
            "minutes": 120,
            "first": 21,
            "count": 5,
            "at_desk": set(),
            "cancelled": set(),
        },
        {
            "slug": "lecture-three-meetings-one-lesson",
            "page": {
                "title": "党员学习讲座：“三会一课”怎样开出实效",
                "kind": EventKind.LECTURE,
                "place": "社区党群服务中心二楼会议室",
                "speaker": "宣传委员邵琳",
                "organiser": "清风社区党支部",
                "capacity": 30,
                "intro": "支部党员大会、支委会、党小组会和党课各管什么，怎样开才不走过场。",
                "body": [
                    heading("讲座内容"),
                    paragraph(
                        "<p>宣传委员邵琳结合支部这一年的自评情况，讲了“三会一课”怎样定议题、"
                        "怎样做记录、怎样把会上定下的事落实到人，也谈到政工在线平台上各类报表"
                        "怎样按时填报。</p>"
                    ),
                    heading("活动回顾"),
                    paragraph(
                        "<p>到场的党员和居民围绕“会开完了，事情有没有人跟”提了不少问题。"
                        "大家认为，会议记录公开、议定事项有人跟进，是让组织生活不走过场的关键。</p>"
                    ),
                ],
            },
            "image": "table",
            "days": -5,
            "at": time(14, 30),
            "minutes": 90,
            "first": 10,
            "count": 18,
            "at_desk": {1, 5},
            "cancelled": set(),
            # Everyone came but these (by their place in the list, from 0).
            "absent": {4, 11, 15},
        },
    ]


def load(home, images, today):
    """Publish the event index and the events under ``home``; returns {"活动": count}."""
    index = publish_page(home, EventIndexPage, "events", **INDEX)
    if index is None:
        # Another page type holds /events/: leave it and its content alone.
        return {"活动": 0}
    now = timezone.now()
    published = 0
    for spec in events():
        start = local_datetime(today + timedelta(days=spec["days"]), spec["at"])
        event = publish_page(
            index,
            EventPage,
            spec["slug"],
            start=start,
            end=start + timedelta(minutes=spec["minutes"]),
            image=images.get(spec["image"]),
            **spec["page"],
        )
        if event is None:
            continue
        published += 1
        with notifications.paused():
            _register_residents(event, spec, now)
    return {"活动": published}


def _register_residents(event, spec, now):
    past = event.end <= now
    # A past event's residents signed up in the days before it, and arrived just before it began.
    signed_up = event.start - timedelta(days=4) if past else None
    for place in range(spec["count"]):
        name, phone = resident(spec["first"] + place)
        # Made on an earlier run, even if cancelled since: leave it as it is.
        registration = Registration.objects.filter(event=event, phone=phone).first()
        if registration is None:
            try:
                registration = services.register(
                    event=event,
                    name=name,
                    phone=phone,
                    consent=True,
                    source=(
                        Registration.Source.STAFF
                        if place in spec["at_desk"]
                        else Registration.Source.ONLINE
                    ),
                    now=signed_up + timedelta(minutes=47 * place) if past else None,
                ).registration
            except services.RegistrationError:
                # Real registrations may have changed the event since the demo was built.
                continue
            if place in spec["cancelled"]:
                services.cancel_registration(registration=registration)
        if past and place not in spec.get("absent", ()):
            if registration.status == Registration.Status.CONFIRMED:
                services.check_in(
                    event=event,
                    code=registration.code,
                    now=event.start - timedelta(minutes=20) + timedelta(minutes=place),
                )
