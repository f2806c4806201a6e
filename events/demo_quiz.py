"""The demo question bank (题库) for the knowledge quiz the community discussion asked for.

The questions cover what the seed report deals with: the Party branch's 三会一课, leaders'
一岗双责, handling residents' letters and visits (三不放过, 属地管理、分级负责, 谁主管、谁负责,
leaders receiving visitors and taking cases on), and integrity in public office. They are
written in our own words and keep to settled facts: the 中国共产党支部工作条例（试行）, the
信访工作条例 (in force since 1 May 2022), the eight-point rules of 2012 and the Party's
integrity rules.

Loading is idempotent: a question whose text is already in the bank is left as it is.
"""

from datetime import time, timedelta

from home.formatting import local_datetime

from .models import Difficulty, Question, QuestionKind
from .question_bank import create_question, validate_question
from .question_bank.rules import FALSE_TEXT, TRUE_FALSE_OPTIONS, TRUE_TEXT

S, M, TF = QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE
EASY, MEDIUM, HARD = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD

# (category, difficulty, kind, question, options, answer, explanation). The answer is the
# letters of the correct options, or True / False for a true-or-false question.
BANK = [
    # --- 三会一课 --------------------------------------------------------------------------------
    (
        "三会一课",
        EASY,
        S,
        "“三会一课”中的“一课”指的是什么？",
        ["按时上好党课", "每周上一次业务培训课", "每年上一次法治课", "新党员入党前的考试"],
        "A",
        "“三会一课”是支部党员大会、支部委员会会议、党小组会和党课，“一课”就是按时上好党课。",
    ),
    (
        "三会一课",
        EASY,
        TF,
        "“三会一课”是党的组织生活的一项基本制度。",
        None,
        True,
        "“三会一课”是党支部组织党员过好组织生活、开展教育管理的基本制度，要长期坚持。",
    ),
    (
        "三会一课",
        MEDIUM,
        S,
        "按照《中国共产党支部工作条例（试行）》，党支部委员会会议一般多长时间召开一次？",
        ["每周1次", "每月1次", "每半年1次", "每年1次"],
        "B",
        "支部委员会会议一般每月召开1次，根据需要可以随时召开，须有半数以上委员到会方可进行。",
    ),
    (
        "三会一课",
        MEDIUM,
        TF,
        "党小组会一般每月召开1次，组织党员参加政治学习、谈心谈话、开展批评和自我批评。",
        None,
        True,
        "支部工作条例规定，党小组会一般每月召开1次，由党小组组长召集并主持。",
    ),
    (
        "三会一课",
        MEDIUM,
        S,
        "党支部党员大会、党支部委员会会议一般由谁召集并主持？",
        ["党支部书记", "宣传委员", "年龄最大的党员", "上级纪委派来的同志"],
        "A",
        "党员大会和支委会由党支部书记召集并主持；书记不能参加时，可以委托副书记或者委员召集主持。",
    ),
    (
        "三会一课",
        HARD,
        M,
        "有正式党员7人以上的党支部设立支部委员会，支委会一般设有哪些职务？",
        ["书记", "组织委员", "宣传委员", "纪检委员", "财务总监"],
        "ABCD",
        "有正式党员7人以上的党支部设立支部委员会，一般设书记和组织委员、宣传委员、纪检委员等，"
        "必要时可以设1名副书记。“财务总监”是企业的职务，不是支委。",
    ),
    (
        "三会一课",
        HARD,
        S,
        "党支部每月相对固定一天，组织党员集中学习、过组织生活、民主议事和志愿服务，这一天叫什么？",
        ["主题党日", "居民接待日", "廉政教育月", "党员评议日"],
        "A",
        "支部工作条例要求党支部每月相对固定1天开展主题党日，把学习、组织生活和为群众服务结合起来。",
    ),
    # --- 一岗双责 --------------------------------------------------------------------------------
    (
        "一岗双责",
        EASY,
        S,
        "“一岗双责”要求领导干部在抓好分管业务工作的同时，还要对分管范围内的什么负责？",
        ["党风廉政建设", "招商引资指标", "新闻宣传报道", "办公用品采购"],
        "A",
        "“一岗双责”就是一个岗位两份责任：既管业务，又管分管领域的党风廉政建设。",
    ),
    (
        "一岗双责",
        EASY,
        TF,
        "党风廉政建设是纪检部门一家的事，分管业务的领导可以不过问。",
        None,
        False,
        "按照“一岗双责”，每位领导干部都要管好分管领域的党风廉政建设，不能只抓业务不管廉政。",
    ),
    (
        "一岗双责",
        MEDIUM,
        M,
        "“一岗双责”中的“双责”是指哪两项责任？",
        [
            "抓好分管业务工作的责任",
            "抓好分管范围内党风廉政建设的责任",
            "替下属承担个人债务的责任",
            "代替纪委查办案件的责任",
        ],
        "AB",
        "“双责”是业务工作责任和党风廉政建设责任，两手抓、两手都要硬。",
    ),
    (
        "一岗双责",
        MEDIUM,
        S,
        "在常见的信访工作领导责任分工中，党政主要领导负主要责任，分管领导负什么责任？",
        ["直接责任", "连带责任", "不负责任", "全部责任"],
        "A",
        "主要领导负主要责任，分管领导负直接责任，其他领导负“一岗双责”的责任，责任层层落实。",
    ),
    (
        "一岗双责",
        MEDIUM,
        TF,
        "党政主要负责人是本地区、本单位党风廉政建设的第一责任人。",
        None,
        True,
        "党委（党组）承担党风廉政建设的主体责任，主要负责人是第一责任人，要带头抓、亲自管。",
    ),
    (
        "一岗双责",
        HARD,
        S,
        "在党风廉政建设中，党委（党组）负主体责任，纪委负什么责任？",
        ["监督责任", "主体责任", "领导责任", "连带责任"],
        "A",
        "党委负主体责任，纪委负监督责任，两个责任相互配合，缺一不可。",
    ),
    # --- 三不放过 --------------------------------------------------------------------------------
    (
        "三不放过",
        EASY,
        M,
        "对受理的信访事项坚持“三不放过”，包括哪几条？",
        [
            "问题不查清不放过",
            "问题不解决不放过",
            "有关措施不落实不放过",
            "信访人不写保证书不放过",
        ],
        "ABC",
        "“三不放过”是问题不查清不放过、问题不解决不放过、有关措施不落实不放过，"
        "针对的是问题本身，不是为难反映问题的群众。",
    ),
    (
        "三不放过",
        EASY,
        TF,
        "信访问题只要查清了事实，解决没解决都可以结案。",
        None,
        False,
        "查清只是第一步，还要把问题解决、把措施落实，做到“三不放过”才算真正办结。",
    ),
    (
        "三不放过",
        MEDIUM,
        S,
        "为了让“三不放过”落到实处，对领导干部接访、下访的案件应当怎样做？",
        ["逐案督查，并回访群众", "只统计接待人数", "交给信访人自己去协调", "一律转到上级部门"],
        "A",
        "对接访下访案件逐案督查、面对面回访群众，才能确认问题真正解决、群众息诉息访。",
    ),
    (
        "三不放过",
        MEDIUM,
        TF,
        "“有关措施不落实不放过”要求把解决问题的各项措施真正落到实处，防止同类问题再次发生。",
        None,
        True,
        "措施落实了，问题才不会反复，这是“三不放过”的最后一道关。",
    ),
    (
        "三不放过",
        HARD,
        S,
        "处理信访积案时，要求“解决老账、不欠新账”，下列做法中最符合这一要求的是：",
        [
            "对历史遗留问题逐件梳理化解，对新问题及时就地解决",
            "老问题先放一放，只处理新来的信访",
            "新问题一律登记后等待集中处理",
            "把老问题转给下一任领导",
        ],
        "A",
        "既要加大力度解决信访积案，又要及时处理新发生的问题，不让新问题拖成新的积案。",
    ),
    # --- 信访工作 --------------------------------------------------------------------------------
    (
        "信访工作",
        EASY,
        S,
        "信访工作坚持“属地管理、分级负责”，还要坚持下列哪一条原则？",
        ["谁主管、谁负责", "谁接访、谁负责", "谁反映、谁负责", "谁签收、谁负责"],
        "A",
        "“属地管理、分级负责，谁主管、谁负责”是信访工作的基本原则，问题由有权处理的地方和部门负责解决。",
    ),
    (
        "信访工作",
        EASY,
        TF,
        "群众反映的问题，能在村（社区）解决的尽量在村（社区）解决，把矛盾化解在基层。",
        None,
        True,
        "依法、及时、就地解决问题，是信访工作的基本要求；基层能办的事就在基层办好。",
    ),
    (
        "信访工作",
        EASY,
        S,
        "领导干部“下访”是指什么？",
        [
            "领导干部主动到基层、到群众中去了解和解决问题",
            "领导干部在机关等群众上门",
            "把群众来信转给下级了事",
            "在网上发布通知",
        ],
        "A",
        "“接访”是在接待场所接待来访群众，“下访”是主动走到群众身边，带着问题到基层去解决。",
    ),
    (
        "信访工作",
        MEDIUM,
        S,
        "对群众反映强烈的突出问题，由一位领导干部负责到底、直到解决，这种做法叫什么？",
        ["领导包案", "集体上访", "越级上访", "简易程序"],
        "A",
        "领导包案就是明确一位领导对一件信访案件负总责，协调各方、跟踪到底，力求案结事了。",
    ),
    (
        "信访工作",
        MEDIUM,
        M,
        "领导干部定期接待群众来访，应当坚持哪些原则？",
        ["公开透明", "规范有序", "方便群众", "解决问题", "只接待预约过的人"],
        "ABCD",
        "接访的时间地点要向社会公开，接待要规范有序、方便群众，最终落在解决问题上。",
    ),
    (
        "信访工作",
        MEDIUM,
        M,
        "领导干部下访时，可以采用下列哪些方式？",
        ["带案下访", "座谈走访", "驻点指导", "要求群众不再反映问题"],
        "ABC",
        "带案下访、座谈走访、驻点指导、调查研究都是下访的常用方式；限制群众反映问题是错误做法。",
    ),
    (
        "信访工作",
        MEDIUM,
        TF,
        "任何组织和个人都不得打击报复信访人。",
        None,
        True,
        "信访工作条例明确保护信访人的合法权益，打击报复信访人的要依规依纪依法严肃处理。",
    ),
    (
        "信访工作",
        MEDIUM,
        TF,
        "信访人反映情况应当客观真实，不得捏造、歪曲事实，不得诬告、陷害他人。",
        None,
        True,
        "信访既是群众的权利，也有相应的义务：如实反映情况，依法有序表达诉求。",
    ),
    (
        "信访工作",
        HARD,
        S,
        "现行《信访工作条例》自哪一天起施行？",
        ["2022年5月1日", "2005年5月1日", "2012年12月4日", "2018年10月1日"],
        "A",
        "《信访工作条例》由中共中央、国务院印发，自2022年5月1日起施行。",
    ),
    (
        "信访工作",
        HARD,
        S,
        "按照《信访工作条例》，信访事项一般应当自受理之日起多少日内办结？",
        ["15日", "30日", "60日", "90日"],
        "C",
        "信访事项应当自受理之日起60日内办结；情况复杂的，经批准可以适当延长，但延长期限不得超过30日。",
    ),
    (
        "信访工作",
        HARD,
        TF,
        "多人采用走访形式反映同一信访事项的，应当推选代表，代表人数不超过5人。",
        None,
        True,
        "推选代表反映问题，既能把诉求讲清楚，也便于接待和沟通。",
    ),
    # --- 廉洁从政 --------------------------------------------------------------------------------
    (
        "廉洁从政",
        EASY,
        S,
        "中央八项规定是哪一年出台的？",
        ["2012年", "2008年", "2016年", "2020年"],
        "A",
        "2012年12月4日，中共中央政治局会议审议通过了关于改进工作作风、密切联系群众的八项规定。",
    ),
    (
        "廉洁从政",
        EASY,
        S,
        "“其身正，不令而行；其身不正，虽令不从”出自哪部典籍？",
        ["《论语》", "《孟子》", "《道德经》", "《史记》"],
        "A",
        "这句话出自《论语·子路》，意思是为政者自身端正，不用下命令大家也会跟着做。",
    ),
    (
        "廉洁从政",
        EASY,
        TF,
        "逢年过节收受下属或服务对象送的购物卡，只要金额不大就不算违纪。",
        None,
        False,
        "收受可能影响公正执行公务的礼品、礼金、消费卡等，不论金额大小都违反廉洁纪律。",
    ),
    (
        "廉洁从政",
        EASY,
        S,
        "党员干部操办婚丧喜庆事宜，正确的做法是：",
        [
            "从简办理，不借机敛财",
            "广发请柬，多收礼金",
            "用公款补贴操办费用",
            "让管理服务对象帮忙出钱",
        ],
        "A",
        "婚丧喜庆要从简，不能大操大办，更不能借机敛财或者让管理服务对象出钱。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        M,
        "反对“四风”中的“四风”指的是哪些？",
        ["形式主义", "官僚主义", "享乐主义", "奢靡之风", "艰苦奋斗"],
        "ABCD",
        "“四风”是形式主义、官僚主义、享乐主义和奢靡之风；艰苦奋斗是要发扬的好作风。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        M,
        "下列哪些是中央八项规定提出的要求？",
        [
            "改进调查研究，轻车简从、简化接待",
            "精简会议活动，切实改进会风",
            "厉行勤俭节约",
            "增加陪同人员以示重视",
        ],
        "ABC",
        "八项规定要求改进调查研究、精简会议活动和文件简报、厉行勤俭节约等，减少陪同、简化接待。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        S,
        "“政者，正也。子帅以正，孰敢不正？”这句话是谁说的？",
        ["孔子", "孟子", "老子", "韩非子"],
        "A",
        "这是孔子回答季康子问政时说的话，见《论语·颜渊》：为政者带头走正道，谁还敢不正。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        S,
        "领导干部收到无法当面退还的礼品礼金，应当怎么处理？",
        ["按规定及时登记上交", "转送给别人", "折价卖掉", "先放着，以后再说"],
        "A",
        "对无法拒收或退还的礼品礼金，要按规定及时登记上交，不能私自处理。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        TF,
        "社区干部审核低保申请时，发现申请人是自己的近亲属，应当主动申请回避。",
        None,
        True,
        "办理与本人或者近亲属有利害关系的事项时主动回避，是防止利益冲突的基本要求。",
    ),
    (
        "廉洁从政",
        MEDIUM,
        TF,
        "廉洁自律只是对领导干部的要求，普通党员不需要遵守。",
        None,
        False,
        "《中国共产党廉洁自律准则》既对全体党员提出要求，也对党员领导干部提出更高要求。",
    ),
    (
        "廉洁从政",
        HARD,
        M,
        "下列哪些做法有助于防止利益冲突？",
        [
            "办理涉及亲属利益的事项时主动回避",
            "按规定如实报告个人有关事项",
            "利用职务便利为亲属经商提供方便",
            "不违规在企业兼职取酬",
        ],
        "ABD",
        "回避、如实报告、不违规兼职取酬都是防止利益冲突的办法；利用职务便利为亲属谋利正是利益冲突。",
    ),
    (
        "廉洁从政",
        HARD,
        TF,
        "接受可能影响公正执行公务的宴请，只要安排在下班以后就不违反纪律。",
        None,
        False,
        "是否违纪看的是宴请会不会影响公正执行公务，而不是在什么时间；下班后接受同样违纪。",
    ),
    (
        "廉洁从政",
        HARD,
        M,
        "下列哪些行为违反廉洁纪律？",
        [
            "收受管理服务对象的礼金",
            "用公款旅游",
            "操办婚丧喜庆事宜借机敛财",
            "按规定报销因公出差的费用",
        ],
        "ABC",
        "收受礼金、公款旅游、借婚丧喜庆敛财都违反廉洁纪律；按规定报销公务差旅费是正常的。",
    ),
]


def _options(kind, options, answer, turn):
    if kind == TF:
        right = TRUE_TEXT if answer else FALSE_TEXT
        return [(text, text == right) for text in TRUE_FALSE_OPTIONS]
    pairs = [(text, letter in answer) for letter, text in zip("ABCDEF", options, strict=False)]
    # Above, the answer mostly comes first, which reads well here; in the bank those options
    # are turned round so that the right letters spread over A to D. Options in a natural
    # order (numbers of days, how often) have their answer elsewhere and keep it.
    turn = turn % len(pairs) if "A" in answer else 0
    return pairs[turn:] + pairs[:turn]


def questions():
    """The demo bank as keyword arguments for create_question."""
    return [
        {
            "category": category,
            "difficulty": difficulty,
            "kind": kind,
            "text": text,
            "options": _options(kind, options, answer, turn),
            "explanation": explanation,
        }
        for turn, (category, difficulty, kind, text, options, answer, explanation) in enumerate(
            BANK
        )
    ]


def load_bank():
    """Add the demo questions the bank lacks (matched by text); returns how many demo
    questions the bank holds afterwards."""
    wanted = questions()
    existing = set(
        Question.objects.filter(text__in=[item["text"] for item in wanted]).values_list(
            "text", flat=True
        )
    )
    for item in wanted:
        if item["text"] in existing:
            continue
        problems = validate_question(item["kind"], item["options"])
        if problems:  # pragma: no cover - the bank above is checked by the tests
            raise ValueError(f"{item['text']}: {problems}")
        create_question(**item)
    return len(wanted)


# --- Demo quizzes ---------------------------------------------------------------------------

PAST_QUIZ_EVENT = {
    "title": "廉政知识线上预赛",
    "kind": "quiz",
    "place": "线上答题（社区网站）",
    "speaker": "社区纪检委员黄宇强",
    "organiser": "清风社区党支部",
    "capacity": 200,
    "intro": "第一场知识竞赛前的线上预赛：题目从社区题库随机抽取，成绩前十名直接进入现场赛。",
}

# (name, how many right out of 10, minutes taken); paper entries have no time.
PAST_RESULTS = [
    ("王久余", 10, 9),
    ("刘晓燕", 9, 7),
    ("陈建国", 9, 11),
    ("孙桂兰", 8, 12),
    ("周德明", 7, 10),
    ("吴海", 6, 14),
    ("赵丽", 5, 15),
    ("马雨涛", 8, 6),
    ("黄小梅", 4, 13),
]
PAPER_RESULTS = [("李秀英", 80), ("张国强", 60), ("郑和平", 90)]


def _quiz(event, **fields):
    from .models import Quiz

    quiz, _created = Quiz.objects.update_or_create(event=event, defaults=fields)
    return quiz


def _answers(attempt, right):
    """Answers for an attempt: the first ``right`` questions right, the rest wrong."""
    from .models import QuestionOption

    answers = {}
    for row in attempt.questions.order_by("position"):
        options = list(QuestionOption.objects.filter(question_id=row.question_id))
        chosen = [o.pk for o in options if o.is_correct == (row.position <= right)]
        answers[row.pk] = chosen if row.position <= right else chosen[:1]
    return answers


def _play_past_quiz(quiz):
    from . import quiz as services

    for number, (name, right, minutes) in enumerate(PAST_RESULTS):
        began = quiz.opens_at + timedelta(hours=2 + number)
        attempt = services.start_attempt(
            quiz=quiz, name=name, phone=f"1390000{2001 + number}", now=began
        ).attempt
        services.submit_quiz(
            attempt=attempt,
            answers=_answers(attempt, right),
            now=began + timedelta(minutes=minutes),
        )
    for number, (name, score) in enumerate(PAPER_RESULTS):
        services.record_paper_score(
            quiz=quiz, name=name, phone=f"1390000{2101 + number}", score=score, now=quiz.closes_at
        )


def load(*, home, today):
    """The bank, an open quiz before the first round, and last month's closed preliminary."""
    from home.demo import publish_page

    from .models import Attempt, EventIndexPage, EventPage

    questions = load_bank()
    index = home.get_children().filter(slug="events").specific().first()
    if not isinstance(index, EventIndexPage):
        return {"题库": questions}
    first_round = index.get_children().filter(slug="integrity-quiz-first-round").first()
    if first_round is not None:
        start = first_round.specific.start
        _quiz(
            first_round.specific,
            opens_at=local_datetime(today - timedelta(days=2), time(8)),
            closes_at=start,
            question_count=10,
            points_per_question=10,
            time_limit_minutes=15,
            pass_mark=60,
        )
    held = local_datetime(today - timedelta(days=12), time(19))
    past = publish_page(
        index,
        EventPage,
        "integrity-quiz-preliminary",
        start=held,
        end=held + timedelta(hours=2),
        **PAST_QUIZ_EVENT,
    )
    if past is not None:
        quiz = _quiz(
            past,
            opens_at=held - timedelta(days=3),
            closes_at=held,
            question_count=10,
            points_per_question=10,
            time_limit_minutes=15,
            pass_mark=60,
        )
        if not Attempt.objects.filter(quiz=quiz).exists():
            _play_past_quiz(quiz)
    return {"题库": questions, "线上答题": Attempt.objects.filter(quiz__event__in=[past]).count()}
