"""Demo content for `manage.py load_demo`: the texts and the pictures, kept out of the command.

The texts retell the facts of the seed report (shared/seed) in our own words. Pictures are
drawn with Pillow shapes only, because the machine may have no CJK font and nothing may be
downloaded.
"""

import io
import math
from datetime import timedelta

from PIL import Image, ImageDraw

# --- Pictures ---------------------------------------------------------------------------------

WIDTH, HEIGHT = 1200, 800

PAPER = (244, 238, 224)
PAPER_DARK = (226, 214, 190)
INK = (40, 42, 48)
INK_SOFT = (96, 100, 106)
MIST = (190, 188, 180)
RED = (172, 40, 36)
RED_SOFT = (212, 124, 102)
GOLD = (204, 166, 90)
JADE = (72, 106, 90)
WHITE = (255, 255, 255)


def _gradient(top, bottom):
    mask = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), bottom), Image.new("RGB", (WIDTH, HEIGHT), top), mask
    )


def _leaf(x, y, length, width, angle):
    """A lens-shaped petal or leaf from (x, y) pointing at `angle` degrees (0 = up)."""
    theta = math.radians(angle)
    along = (math.sin(theta), -math.cos(theta))
    across = (math.cos(theta), math.sin(theta))
    steps = [i / 12 for i in range(13)]
    upper = [(t * length, width * math.sin(math.pi * t)) for t in steps]
    lower = [(t * length, -width * math.sin(math.pi * t)) for t in reversed(steps)]
    return [
        (x + a * along[0] + b * across[0], y + a * along[1] + b * across[1])
        for a, b in upper + lower
    ]


def _mountains():
    img = _gradient(PAPER, PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.ellipse((820, 110, 980, 270), fill=RED)
    layers = [(430, 90, 0.006, MIST), (540, 70, 0.009, INK_SOFT), (650, 55, 0.013, INK)]
    for base, amplitude, frequency, colour in layers:
        ridge = []
        for x in range(0, WIDTH + 10, 10):
            # Two sines of unrelated periods give a ridge that does not look regular.
            wave = 0.6 * math.sin(x * frequency) + 0.4 * math.sin(x * frequency * 2.3 + 1.7)
            ridge.append((x, base - amplitude * wave))
        draw.polygon([*ridge, (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)
    return img


def _bamboo():
    img = _gradient(PAPER, (232, 228, 210))
    draw = ImageDraw.Draw(img)
    for x, width, colour in [(220, 34, JADE), (430, 26, INK_SOFT), (760, 40, INK), (980, 24, JADE)]:
        draw.rectangle((x, 0, x + width, HEIGHT), fill=colour)
        for n, y in enumerate(range(80 + x % 70, HEIGHT, 150)):
            draw.rectangle((x - 4, y, x + width + 4, y + 7), fill=PAPER)
            side = 1 if n % 2 else -1
            edge = x + width if side > 0 else x
            draw.polygon(_leaf(edge, y, 150, 20, side * 60), fill=colour)
            draw.polygon(_leaf(edge, y + 4, 120, 16, side * 95), fill=colour)
    return img


def _lotus():
    img = _gradient(PAPER, (222, 220, 206))
    draw = ImageDraw.Draw(img)
    for y in range(560, HEIGHT, 30):
        wave = [(x, y + 6 * math.sin(x / 40 + y)) for x in range(0, WIDTH + 10, 10)]
        draw.line(wave, fill=MIST, width=3)
    draw.ellipse((90, 560, 430, 660), fill=JADE)
    draw.ellipse((780, 600, 1140, 700), fill=JADE)
    for angle in range(-75, 80, 25):
        draw.polygon(_leaf(600, 560, 270, 62, angle), fill=RED_SOFT)
    for angle in range(-40, 45, 20):
        draw.polygon(_leaf(600, 560, 300, 55, angle), fill=RED)
    draw.ellipse((560, 520, 640, 580), fill=GOLD)
    return img


def _notice_board():
    img = _gradient(PAPER, PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.rectangle((260, 620, 290, 760), fill=INK)
    draw.rectangle((910, 620, 940, 760), fill=INK)
    draw.rectangle((140, 110, 1060, 640), fill=INK)
    draw.rectangle((160, 130, 1040, 620), fill=PAPER)
    draw.rectangle((160, 130, 1040, 250), fill=RED)
    for x in range(220, 1000, 90):
        draw.ellipse((x, 170, x + 40, 210), fill=GOLD)
    # Grey bars stand in for slogans, since no Chinese font can be assumed.
    for row, length in enumerate([720, 640, 760, 520, 680]):
        top = 290 + row * 62
        draw.rounded_rectangle((210, top, 210 + length, top + 26), radius=13, fill=MIST)
    return img


def _round_table():
    img = _gradient(PAPER, (232, 224, 206))
    draw = ImageDraw.Draw(img)
    cx, cy = WIDTH // 2, HEIGHT // 2
    seats = 10
    colours = [INK, INK_SOFT, JADE]
    for n in range(seats):
        angle = 2 * math.pi * n / seats
        x, y = cx + 390 * math.cos(angle), cy + 250 * math.sin(angle)
        draw.ellipse((x - 40, y - 40, x + 40, y + 40), fill=colours[n % len(colours)])
    draw.ellipse((cx - 300, cy - 160, cx + 300, cy + 160), fill=RED_SOFT, outline=RED, width=8)
    for n in range(seats):
        angle = 2 * math.pi * n / seats
        x, y = cx + 220 * math.cos(angle), cy + 110 * math.sin(angle)
        draw.rectangle((x - 22, y - 15, x + 22, y + 15), fill=PAPER)
    return img


def _answer_sheet():
    img = _gradient(PAPER_DARK, PAPER)
    draw = ImageDraw.Draw(img)
    draw.rectangle((230, 70, 970, 730), fill=(252, 250, 244), outline=INK_SOFT, width=4)
    draw.rectangle((230, 70, 970, 140), fill=RED)
    for row in range(10):
        top = 175 + row * 54
        draw.rectangle((280, top + 6, 310, top + 30), fill=INK)
        chosen = (row * 7 + 3) % 4
        for option in range(4):
            left = 400 + option * 135
            box = (left, top, left + 90, top + 36)
            if option == chosen:
                draw.ellipse(box, fill=RED)
            else:
                draw.ellipse(box, outline=INK_SOFT, width=3)
    return img


def _open_door():
    img = _gradient((236, 230, 214), PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.rectangle((300, 200, 900, 690), fill=(214, 200, 176))
    draw.polygon([(250, 200), (600, 80), (950, 200)], fill=INK)
    draw.rectangle((460, 260, 740, 690), fill=(250, 226, 160))
    draw.polygon([(460, 260), (370, 220), (370, 740), (460, 690)], fill=RED)
    draw.polygon([(740, 260), (830, 220), (830, 740), (740, 690)], fill=RED)
    draw.polygon([(460, 690), (740, 690), (1000, HEIGHT), (200, HEIGHT)], fill=PAPER)
    for y in (720, 755):
        draw.line([(330, y), (870, y)], fill=MIST, width=4)
    return img


def _logo():
    size = 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, size - 8, size - 8), fill=RED)
    draw.ellipse((36, 36, size - 36, size - 36), outline=WHITE, width=8)
    # Three wavy strokes of breeze (清风), of different lengths so they read as wind.
    for y, start, end in ((92, 66, 190), (128, 56, 200), (164, 80, 170)):
        wave = [(x, y + 9 * math.sin((x - start) / 18)) for x in range(start, end + 1, 4)]
        draw.line(wave, fill=WHITE, width=10, joint="curve")
    return img


# key: (title, alt text, file name, drawing function). Later runs find images by title.
IMAGES = {
    "mountains": (
        "远山水墨",
        "淡墨画成的层层远山，山顶上方悬着一轮红日",
        "qingfeng-mountains.jpg",
        _mountains,
    ),
    "bamboo": (
        "清风翠竹",
        "浅米色背景上几竿墨绿色竹子挺拔而立，竹叶向两侧伸展",
        "qingfeng-bamboo.jpg",
        _bamboo,
    ),
    "lotus": (
        "出淤泥而不染",
        "水波之上一朵红色荷花盛开，两旁浮着绿色荷叶",
        "qingfeng-lotus.jpg",
        _lotus,
    ),
    "board": (
        "社区宣传栏",
        "立在路边的社区宣传栏，红色横幅下贴着一行行标语",
        "qingfeng-board.jpg",
        _notice_board,
    ),
    "table": (
        "议事圆桌",
        "俯视的红色圆桌，十个座位围成一圈，桌上摆着会议材料",
        "qingfeng-round-table.jpg",
        _round_table,
    ),
    "quiz": (
        "知识竞赛答题卡",
        "一张答题卡，每道题的四个选项中有一个被涂成红色",
        "qingfeng-quiz.jpg",
        _answer_sheet,
    ),
    "door": (
        "敞开的大门",
        "一座敞开红色大门的房子，门内透出暖光，门前是宽阔的道路",
        "qingfeng-open-door.jpg",
        _open_door,
    ),
    "logo": (
        "清风社区标志",
        "红色圆形标志，中间三道白色波纹代表清风",
        "qingfeng-logo.png",
        _logo,
    ),
}


def render_image(key):
    """The picture for `key` encoded as its file name says (JPEG, or PNG for the logo)."""
    _title, _alt, filename, draw = IMAGES[key]
    buffer = io.BytesIO()
    if filename.endswith(".png"):
        draw().save(buffer, "PNG", optimize=True)
    else:
        draw().save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


# --- Stream blocks, in the JSON form a StreamField stores ---------------------------------------


def heading(text, size="h2"):
    return {"type": "heading", "value": {"text": text, "size": size}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def image(image_id, caption="", attribution=""):
    return {
        "type": "image",
        "value": {"image": image_id, "caption": caption, "attribution": attribution},
    }


def table(rows, caption=""):
    return {
        "type": "table",
        "value": {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_header_choice": "row",
            "table_caption": caption,
        },
    }


# --- Site -----------------------------------------------------------------------------------

# Contact details are placeholders: a real community fills in its own in the admin.
SITE_SETTINGS = {
    "community_name": "清风社区",
    "tagline": "清清白白做事，明明白白公开",
    "address": "示例市示例区清风路1号社区党群服务中心（示例地址）",
    "contact_phone": "0315-1234567",
    "office_hours": "周一至周五 8:30—12:00，14:00—17:30",
    "icp_number": "冀ICP备00000000号-1",
}

HOME_INTRO = (
    "清风社区的廉政文化园地：在这里阅读廉政文化文章和通知公告，报名参加讲座和知识竞赛，"
    "查看议事记录，也可以给社区提意见建议。"
)


# --- Articles (廉政文化) ------------------------------------------------------------------------


def articles(today, images):
    """Six articles, oldest first, dated back from `today`; `images` maps key -> image id."""
    return [
        {
            "slug": "sixth-branch-quarterly-review",
            "title": "第六党支部召开支委会：自评前三季度党建工作",
            "date": today - timedelta(days=165),
            "source": "第六党支部",
            "author": "支部宣传委员",
            "intro": "支部委员会对照“三会一课”要求回顾前三个季度的工作，查找不足，"
            "明确第四季度的重点任务。",
            "tags": ["党建", "三会一课"],
            "image_id": images["table"],
            "body": [
                paragraph(
                    "<p>按照“三会一课”的制度要求，第六党支部召开了支部委员会会议。会议有两项议题："
                    "一是对前三个季度的党建工作做一次自我评估，找出差距，抓紧整改；二是商定第四季度的"
                    "主要任务，保证全年支部建设工作达到标准。</p>"
                ),
                paragraph(
                    "<p>会上，宣传委员邵琳就政工在线平台的使用提出建议，尤其对各类报表的填报和民主评议"
                    "提出了更高的要求；文体委员马雨涛逐项说明了党员活动经费收了多少、花在哪里；纪检委员"
                    "黄宇强报告了纪检自查的情况。</p>"
                ),
                heading("会议形成的四点共识"),
                table(
                    [
                        ["序号", "共识内容"],
                        ["一", "按“五好党支部”的考核标准，提前把各项准备工作做扎实"],
                        ["二", "继续抓好科学发展观的学习，落实“三会一课”的各项要求"],
                        ["三", "认真做好发展党员工作，努力建设和谐党支部"],
                        ["四", "做好工会工作，调动职工积极性，保证各项任务顺利完成"],
                    ],
                    caption="第六党支部支委会共识",
                ),
                paragraph(
                    "<p>最后，支部书记赵文刚作总结，对第四季度工作提出明确要求：各位支委要把会议精神"
                    "带回所在部门传达；在保持稳定的前提下，大家团结协作、不怕吃苦、连续作战，干好分内"
                    "的事，准备好迎接各类检查，争取部门和支部全年工作都评上优秀。</p>"
                ),
            ],
        },
        {
            "slug": "leaders-receive-petitioners",
            "title": "大接访、大下访半年记：把群众的事放在心上",
            "date": today - timedelta(days=132),
            "source": "乡信访办公室",
            "author": "信访办",
            "intro": "半年来，乡里组织党政领导坐班接访、带案下访，一批信访老问题得到解决，"
            "集体上访和重复上访明显减少。",
            "tags": ["信访工作", "廉政教育"],
            "image_id": images["mountains"],
            "body": [
                paragraph(
                    "<p>按照市委、市政府的统一部署，乡党委、政府组织了党政领导大接访和领导干部大下访"
                    "活动：领导干部既坐在接待室里听群众说事，也带着问题走进村里、走进农户家里找答案。"
                    "活动由乡党委书记挂帅，成立专项领导小组，另设督导组督促检查，日常事务由设在信访办"
                    "的办公室承担。</p>"
                ),
                heading("一百六十五人参加的动员会"),
                paragraph(
                    "<p>活动启动时，乡里专门开会传达上级精神，乡里的班子成员、各单位的干部职工以及各村的"
                    "支部书记共165人到会。会议要求各村、各站所把接访下访作为一段时期的重点任务，把矛盾"
                    "纠纷排查化解做在前头，优先解决群众最关心的民生难题。书记接访的时间和地点向社会"
                    "公开，整个活动分动员部署、组织实施、检查总结三个阶段推进。</p>"
                ),
                heading("六个月，七方面变化"),
                paragraph(
                    "<p>活动只开展了6个月，却得到了群众的普遍支持。回头看，主要有七方面变化：</p>"
                    "<ol>"
                    "<li>领导干部把信访工作看得更重了，明白它既重要又紧迫，一点也轻视不得；</li>"
                    "<li>一批积压的信访问题得到解决，不少矛盾隐患在排查中被提前发现、及时调处；</li>"
                    "<li>《信访条例》通过宣讲走进村组，群众依法反映诉求的意识更强了；</li>"
                    "<li>信访工作领导责任制和责任追究制真正落到了实处；</li>"
                    "<li>村一级的信访工作基础更加扎实；</li>"
                    "<li>干部作风明显转变，党群、干群之间更加贴心；</li>"
                    "<li>集体上访、重复上访的情况明显减少。</li>"
                    "</ol>"
                ),
                paragraph(
                    "<p>接访不是走过场，而是一堂实实在在的廉政课：干部面对面听意见、实打实办事，群众"
                    "看在眼里，信任也就一点点攒了起来。下一步，乡里要集中力量清理积压的信访案件，让更多"
                    "疑难案件真正办结。</p>"
                ),
            ],
        },
        {
            "slug": "three-no-let-go",
            "title": "信访事项办理的“三不放过”，到底不放过什么",
            "date": today - timedelta(days=101),
            "source": "清风社区",
            "author": "社区居委会",
            "intro": "问题不查清不放过、问题不解决不放过、有关措施不落实不放过——三句话，"
            "讲的是办理信访事项的底线。",
            "tags": ["信访工作", "廉政教育"],
            "image_id": images["lotus"],
            "body": [
                paragraph(
                    "<p>在处理群众来信来访时，基层常说要坚持“三不放过”。这三句话听起来简单，真正做到"
                    "却需要耐心和担当。下面结合社区的实际，逐条说一说。</p>"
                ),
                quote(
                    "问题不查清不放过；问题不解决不放过；有关措施不落实不放过。",
                    "信访事项办理的“三不放过”",
                ),
                heading("三句话，三道关"),
                paragraph(
                    "<p><b>查清</b>，就是不凭印象下结论。接到反映后，要听当事各方怎么说，查看相关"
                    "材料，必要时到现场看一看，把事情的起因、经过和症结弄明白。</p>"
                    "<p><b>解决</b>，就是不能“答复了事”。一纸回复不等于问题解决，关键要看群众的实际"
                    "困难有没有化解，合理诉求有没有落到实处。</p>"
                    "<p><b>落实</b>，就是承诺要兑现。整改措施要写明由谁负责、什么时候完成，再通过"
                    "逐案督查和上门回访，确认措施真正落了地。</p>"
                ),
                paragraph(
                    "<p>“三不放过”也是对干部作风的检验。敷衍塞责、推诿扯皮，往往正是信访问题越积越多"
                    "的原因；把每一件信访事项办到底，既是对群众负责，也是廉政建设的应有之义。</p>"
                ),
            ],
        },
        {
            "slug": "integrity-education-discussion",
            "title": "怎样开展廉政教育？社区党员围坐一堂出主意",
            "date": today - timedelta(days=70),
            "source": "清风社区党支部",
            "author": "社区党支部",
            "intro": "社区干部和党员围绕“如何开展党风廉政教育”展开讨论，提出张贴标语、举办讲座"
            "和知识竞赛等建议。",
            "tags": ["廉政教育", "党建"],
            "image_id": images["board"],
            "body": [
                paragraph(
                    "<p>为加强社区干部自身建设，巩固党员先进性教育的成果，社区以“如何开展党风廉政"
                    "教育”为题组织了一次讨论，社区干部和党员代表参加。大家发言踊跃，讨论十分热烈。</p>"
                ),
                paragraph(
                    "<p>党员王久余谈了自己的看法。他认为，这些年国家惩治腐败的力度越来越大，对干部是"
                    "一种有力的震慑；社区党员就生活在群众中间，更应该主动当好宣传员，让更多邻居了解"
                    "廉政文化、接受廉政教育，大家一起把风清气正的环境营造起来。</p>"
                ),
                heading("大家提出的三条建议"),
                paragraph(
                    "<ul>"
                    "<li>在宣传栏和宣传板上张贴通俗好记的廉政标语，让居民出门就能看到；</li>"
                    "<li>多举办廉政文化讲座，请有经验的同志结合身边的事来讲；</li>"
                    "<li>举办一次廉政知识竞赛，用答题的方式让大家边参与边学习。</li>"
                    "</ul>"
                ),
                image(images["quiz"], caption="居民们期待的廉政知识竞赛"),
                paragraph(
                    "<p>社区干部表示，将从自身做起：完善规章制度，规范干部行为；拓宽监督渠道，欢迎"
                    "居民和社会各方面监督；持续开展宣传教育，让廉政氛围在社区里浓起来。知识竞赛的报名"
                    "安排请留意本站的通知公告。</p>"
                ),
            ],
        },
        {
            "slug": "confucius-upright-example",
            "title": "“其身正，不令而行”——读《论语》谈廉政表率",
            "date": today - timedelta(days=41),
            "source": "清风社区",
            "author": "社区党支部宣传小组",
            "intro": "两千多年前孔子讲的道理今天依然适用：带头的人自己站得正，比多少道命令都管用。",
            "tags": ["廉政教育", "党建"],
            "image_id": images["bamboo"],
            "body": [
                quote("其身正，不令而行；其身不正，虽令不从。", "《论语·子路》"),
                paragraph(
                    "<p>这句话的意思不难懂：带头的人自己行得端、走得正，不用三令五申，大家也会跟着"
                    "做；如果自己先歪了，命令下得再多，别人也不会真心听从。孔子谈到为政之道时还说过"
                    "“政者，正也”，把一个“正”字放在了治理的首位。</p>"
                ),
                heading("对社区干部意味着什么"),
                paragraph(
                    "<p>社区干部天天和居民打交道，一言一行都在大家眼里。要求居民做到的，干部先做到；"
                    "要求居民不做的，干部带头不做。廉政首先是一种示范：品行端正、处事公道、以身作则，"
                    "说话才有分量。</p>"
                ),
                image(images["lotus"], caption="莲与“廉”同音，出淤泥而不染"),
                paragraph(
                    "<p>当然，只把制度挂在墙上远远不够。制度要靠人执行，风气要靠人维护，更离不开全社会"
                    "共同认可、一起守护的道德观念和价值追求。从这个意义上说，廉政建设不只是干部的事，"
                    "也是每一位居民的事。</p>"
                ),
            ],
        },
        {
            "slug": "reception-days-and-case-ownership",
            "title": "领导接待日、包案制和“一岗双责”：让每件诉求有人管到底",
            "date": today - timedelta(days=16),
            "source": "乡信访办公室",
            "author": "信访办",
            "intro": "主要领导每周拿出一天接待群众，突出问题由领导包案，各级领导在分管工作中同时"
            "担起信访和廉政责任。",
            "tags": ["信访工作", "廉政教育"],
            "image_id": images["door"],
            "body": [
                heading("每周一天的领导接待日"),
                paragraph(
                    "<p>领导干部定期接访，要做到公开、守规矩、让群众方便，最终把事情办成。乡党委、"
                    "政府的主要领导每周固定拿出一天接待来访群众，其他班子成员也定期坐班；群众有急事找上门，"
                    "领导干部随时接待。接待日的时间和地点提前公布，群众不用托人打听。</p>"
                ),
                heading("突出问题由领导包案"),
                paragraph(
                    "<p>群众意见大、拖得久的难题，由领导包案：一件事明确一位领导牵头，从接案、调查到"
                    "化解全程负责，并落实“五包”责任。办理时把政策和法律、经济和行政手段，连同社会"
                    "救助、思想工作一起用上，力求案结事了，不让群众来回跑。</p>"
                ),
                heading("“一岗双责”是什么"),
                paragraph(
                    "<p>在信访责任上，党政一把手担主要责任，分管的领导担直接责任，其余领导干部履行"
                    "“一岗双责”——既要抓好自己分管的业务，也要为分管领域的信访工作和廉政建设负责。"
                    "事情发生在哪里就由哪里处理，哪个部门主管就由哪个部门担责，责任一直落到每个岗位、"
                    "每名干部身上。</p>"
                ),
            ],
        },
    ]


# --- Notices (通知公告) -------------------------------------------------------------------------


def notices(today, images):
    """Four notices; the public-notice windows move with `today` so their state stays the same."""
    return [
        {
            "slug": "activity-funds-publicity",
            "title": "第三季度党员活动经费收支情况公示",
            "date": today - timedelta(days=45),
            "issuer": "清风社区党支部",
            "pinned": False,
            "notice_start": today - timedelta(days=45),
            "notice_end": today - timedelta(days=38),
            "intro": "现将本季度党员活动经费的收支情况予以公示，接受党员和居民监督。",
            "image_id": None,
            "body": [
                table(
                    [
                        ["类别", "事项", "金额（元）"],
                        ["收入", "党费返还", "2400.00"],
                        ["支出", "廉政文化讲座资料印制", "860.00"],
                        ["支出", "宣传栏标语制作", "540.00"],
                        ["结余", "转入下季度", "1000.00"],
                    ],
                    caption="第三季度党员活动经费收支",
                ),
                paragraph("<p>对以上内容如有疑问，可在公示期内向社区党支部反映。</p>"),
            ],
        },
        {
            "slug": "reception-day-schedule",
            "title": "社区领导接待日安排",
            "date": today - timedelta(days=10),
            "issuer": "清风社区居委会",
            "pinned": False,
            "notice_start": None,
            "notice_end": None,
            "intro": "每周一上午社区党支部书记、每周四下午居委会主任在党群服务中心接待来访。",
            "image_id": images["door"],
            "body": [
                paragraph(
                    "<p>为方便居民反映情况、表达诉求，社区实行领导接待日制度：每周一上午9:00—12:00"
                    "由社区党支部书记、每周四下午14:30—17:30由居委会主任在党群服务中心一楼接待室"
                    "坐班，当场能答复的当场答复，一时解决不了的登记在册、明确专人跟进，并在办结后"
                    "回访。具体日期和节假日调整见“接访日”栏目。</p>"
                ),
                paragraph(
                    "<p>行动不便的老年居民可以提前打电话预约，社区工作人员上门听取意见。</p>"
                ),
            ],
        },
        {
            "slug": "supervisor-candidates-publicity",
            "title": "社区廉政监督员拟聘人选公示",
            "date": today - timedelta(days=3),
            "issuer": "清风社区居委会",
            "pinned": False,
            "notice_start": today - timedelta(days=3),
            "notice_end": today + timedelta(days=4),
            "intro": "经居民推荐和居委会研究，拟聘五位居民担任社区廉政监督员，"
            "公示期内欢迎提出意见。",
            "image_id": images["board"],
            "body": [
                paragraph(
                    "<p>为加强对社区事务和干部履职的监督，经居民代表推荐、社区居委会研究，拟聘请五位"
                    "居民担任社区廉政监督员，名单张贴在社区党群服务中心公示栏。</p>"
                ),
                heading("监督员做什么", "h3"),
                paragraph(
                    "<p>监督员列席社区议事会，查看财务和事务公开情况，收集居民对社区干部的意见，"
                    "每季度向居民代表会议报告一次。</p>"
                ),
                paragraph(
                    "<p>公示期间，居民对拟聘人选如有意见，可在工作时间到社区居委会当面反映，也可以"
                    "通过本站“意见建议”栏目提交。社区将为反映情况的居民保密。</p>"
                ),
            ],
        },
        {
            "slug": "integrity-quiz-registration",
            "title": "关于报名参加社区廉政知识竞赛的通知",
            "date": today - timedelta(days=1),
            "issuer": "清风社区居委会",
            "pinned": True,
            "notice_start": None,
            "notice_end": None,
            "intro": "社区将举办廉政知识竞赛，欢迎居民和党员报名参加，名额有限，先报先得。",
            "image_id": images["quiz"],
            "body": [
                paragraph(
                    "<p>为落实社区议事会上居民提出的建议，普及廉政文化知识，社区将于近期举办廉政知识"
                    "竞赛，欢迎居民和党员踊跃参加。</p>"
                ),
                heading("报名方式", "h3"),
                paragraph(
                    "<ul><li>到社区居委会办公室现场报名；</li>"
                    "<li>或在本站“活动报名”栏目填写姓名和手机号报名。</li></ul>"
                    "<p>报名只需要姓名和手机号，仅用于联系参赛居民和现场签到，保存期限见本站"
                    "《隐私说明》。</p>"
                ),
                heading("竞赛内容", "h3"),
                paragraph(
                    "<p>题目围绕廉政文化常识、信访工作基本知识和社区议事规则，以选择题和判断题为主。"
                    "老年朋友可以请家人陪同答题。</p>"
                ),
            ],
        },
    ]


# --- Standard pages ---------------------------------------------------------------------------


def about_page(images):
    s = SITE_SETTINGS
    return {
        "title": "关于我们",
        "show_in_menus": True,
        "intro": "清风社区廉政文化园地由社区居委会和社区党支部共同维护。",
        "image_id": images["lotus"],
        "body": [
            paragraph(
                "<p>这里发布社区的廉政文化文章和通知公告，组织讲座、知识竞赛等活动的报名，公开议事"
                "会和支部会议的记录，并接收居民的意见建议。我们希望用通俗的语言、实在的事例，让廉政"
                "文化走进每一户人家。</p>"
            ),
            heading("联系我们"),
            paragraph(
                f"<ul><li>地址：{s['address']}</li>"
                f"<li>电话：{s['contact_phone']}</li>"
                f"<li>办公时间：{s['office_hours']}</li></ul>"
                "<p>本站是演示站点，以上地址和电话均为示例。</p>"
            ),
        ],
    }


def privacy_page():
    return {
        "title": "隐私说明",
        "show_in_menus": False,
        "intro": "我们只收集办事必需的个人信息，用完即删。下面说明收集什么、为什么收集、由谁收集、"
        "保存多久，以及怎样申请删除。",
        "image_id": None,
        "body": [
            heading("我们收集哪些信息"),
            paragraph(
                "<ul>"
                "<li><b>活动报名</b>：报名讲座、知识竞赛等活动时，需要填写姓名和手机号。</li>"
                "<li><b>意见建议</b>：提交意见建议不用注册账号；联系方式可以不填，留下的话我们只用"
                "它回复您。</li>"
                "</ul>"
                "<p>阅读文章和通知不需要提供任何个人信息。本站只使用记住字号、语言选择和表单安全"
                "校验所必需的 Cookie，不做广告跟踪。</p>"
            ),
            heading("为什么收集"),
            paragraph(
                "<p>姓名和手机号用于确认报名、控制名额、现场签到，以及活动有变动时通知您；意见建议"
                "中的联系方式只用于答复和回访。这些信息不会用于其他用途，也不会提供给社区以外的单位"
                "或个人，法律法规另有规定的除外。</p>"
            ),
            heading("由谁收集，谁能看到"),
            paragraph(
                "<p>这些信息由清风社区居委会收集和管理，只有负责相关工作的社区工作人员可以查看。"
                "网站页面上显示的手机号一律隐去中间四位，例如 138****1234。</p>"
            ),
            heading("保存多久"),
            paragraph(
                "<p>信息只保存到办事需要为止：活动报名信息在活动结束 180 天后删除；意见建议中的"
                "联系方式在事项办结 180 天后删除。</p>"
            ),
            heading("查询、更正和删除"),
            paragraph(
                "<p>如需查询、更正或提前删除您的个人信息，请在办公时间到清风社区居委会办公室，"
                f"或拨打社区电话 {SITE_SETTINGS['contact_phone']} 联系我们，"
                "核实身份后我们会尽快办理。</p>"
            ),
        ],
    }


# --- Section pages: placeholders that later features replace with their own page types --------

# (slug, title, show in menus, intro). The reception day stays out of the menu, which has to
# stay short enough for a phone screen.
SECTIONS = [
    ("events", "活动报名", True, "廉政文化讲座、知识竞赛等社区活动在这里发布，居民可以在线报名。"),
    ("discussions", "议事记录", True, "议事会和支部会议的记录在这里公开，方便居民了解讨论结果。"),
    ("suggestions", "意见建议", True, "对社区工作有意见或建议，可在这里提交，并凭查询码跟进办理。"),
    ("reception", "接访日", False, "社区领导接待居民来访的日期、时间和地点在这里公布。"),
]


# Apps register a function (home, images, today) -> {name: count} under this hook to add their
# own demo content; `images` maps the keys of IMAGES to stored Wagtail images.
DEMO_HOOK = "qingfeng_load_demo"


def publish_page(parent, model, slug, tags=None, **fields):
    """Create or update the ``model`` page at ``slug`` under ``parent`` and publish it.

    A section placeholder (SectionPage) holding the slug is replaced; a page of any other type
    is left alone and None returned, so the demo never overwrites real content.
    """
    from .models import SectionPage

    page = parent.get_children().filter(slug=slug).specific().first()
    if (
        isinstance(page, SectionPage)
        and model is not SectionPage
        and not page.get_children().exists()
    ):
        page.delete()
        page = None
    if page is not None and not isinstance(page, model):
        return None
    is_new = page is None
    if is_new:
        page = model(slug=slug)
    for field, value in fields.items():
        setattr(page, field, value)
    if tags is not None:
        page.tags.set(tags)
    if is_new:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page
