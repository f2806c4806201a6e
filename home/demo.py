"""Demo content for `manage.py load_demo`: the texts, kept out of the command.

The texts retell the facts of the seed report (shared/seed) in our own words. The articles are
in demo_articles and the pictures in demo_images; other apps build their demo pages with the
stream blocks and publish_page below.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import SectionPage

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
                    "回访。</p>"
                ),
                paragraph(
                    "<p>每周的接待时间、加开的场次和节假日的调整，请看本站"
                    '<a href="/reception/">接访日</a>页面，在菜单里点“接访日”也能打开。</p>'
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
                heading("监督员做什么"),
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
                heading("报名方式"),
                paragraph(
                    "<ul><li>到社区居委会办公室现场报名；</li>"
                    "<li>或在本站“活动报名”栏目填写姓名和手机号报名。</li></ul>"
                    "<p>报名只需要姓名和手机号，仅用于联系参赛居民和现场签到，保存期限见本站"
                    "《隐私说明》。</p>"
                ),
                heading("竞赛内容"),
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

# (slug, title, show in menus, intro).
SECTIONS = [
    ("events", "活动报名", True, "廉政文化讲座、知识竞赛等社区活动在这里发布，居民可以在线报名。"),
    ("discussions", "议事记录", True, "议事会和支部会议的记录在这里公开，方便居民了解讨论结果。"),
    ("suggestions", "意见建议", True, "对社区工作有意见或建议，可在这里提交，并凭查询码跟进办理。"),
    ("reception", "接访日", True, "社区领导接待居民来访的日期、时间和地点在这里公布。"),
]

# The main menu follows the page tree: what residents read first (notices, then articles), what
# they come to do (sign up, make a suggestion, see a leader), then the records and who we are.
MENU_ORDER = ["notices", "articles", "events", "suggestions", "reception", "discussions", "about"]


def order_menu(home):
    """Put the home page's menu sections in MENU_ORDER, moving pages only when it differs."""
    from wagtail.models import Page

    def listed():
        # child_of, not get_children(): a home page read before its children were added
        # believes it has none.
        children = Page.objects.child_of(home).order_by("path").only("pk", "slug")
        return [p for p in children if p.slug in MENU_ORDER]

    wanted = sorted(listed(), key=lambda p: MENU_ORDER.index(p.slug))
    if [p.pk for p in listed()] == [p.pk for p in wanted]:
        return
    for page in wanted:
        # Each move renumbers tree paths: read the page and its parent afresh every time.
        Page.objects.get(pk=page.pk).move(Page.objects.get(pk=home.pk), pos="last-child")


def published_at(day):
    """The moment a demo item dated ``day`` went out: that morning at nine, Beijing time, so a
    feed reader and the page show the date the text itself gives."""
    return min(timezone.make_aware(datetime.combine(day, time(9, 0))), timezone.now())


# Apps register a function (home, images, today) -> {name: count} under this hook to add their
# own demo content; `images` maps the keys of demo_images.IMAGES to stored Wagtail images.
DEMO_HOOK = "qingfeng_load_demo"


def publish_page(parent, model, slug, tags=None, first_published_at=None, **fields):
    """Create or update the ``model`` page at ``slug`` under ``parent`` and publish it (as first
    published at ``first_published_at``, when given).

    A section placeholder (SectionPage) holding the slug is replaced; a page of any other type
    is left alone and None returned, so the demo never overwrites real content.
    """
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
    if first_published_at is not None:
        # Publishing stamps the moment the demo loads; the demo's items carry their own dates.
        stamps = {
            field: first_published_at
            for field in ("first_published_at", "last_published_at", "latest_revision_created_at")
        }
        type(page).objects.filter(pk=page.pk).update(**stamps)
        page.revisions.filter(pk=page.latest_revision_id).update(created_at=first_published_at)
        for field, value in stamps.items():
            setattr(page, field, value)
    return page
