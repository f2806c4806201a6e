"""Demo meeting records for `manage.py load_demo`, drawn from the seed report in our own words.

Three records: the community's discussion on how to run integrity education, the sixth Party
branch's committee meeting on its fourth-quarter work, and the township's mobilisation meeting
for the leaders' reception and visiting campaign (大接访、大下访). Dates move with the day the
demo is loaded, so some follow-up tasks are ahead, some done and one overdue.

Each record's parts are set as lists of unsaved rows; publishing the page replaces the rows
of an earlier run, so loading again leaves the same records and the same number of rows.
"""

from datetime import time, timedelta

from home.demo import heading, image, paragraph, publish_page, table
from home.formatting import local_datetime

from .models import (
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

INDEX = {
    "title": "议事记录",
    "show_in_menus": True,
    "intro": "社区议事会、支部委员会和各类座谈会的记录在这里公开：谁参加了、说了什么、"
    "定了哪些事，会后的事项办到了哪一步，都写得清清楚楚。",
}


def _task(task, owner, due, today, done_days_ago=None, note=""):
    """A follow-up task due ``due`` days from today, done ``done_days_ago`` days ago if given."""
    return FollowUpTask(
        task=task,
        owner=owner,
        due_date=today + timedelta(days=due),
        done=done_days_ago is not None,
        done_on=today - timedelta(days=done_days_ago) if done_days_ago is not None else None,
        completion_note=note,
    )


def integrity_discussion(today, images):
    return {
        "slug": "integrity-education-discussion",
        "days": -40,
        "at": time(9, 0),
        "page": {
            "title": "社区议事会：怎样把党风廉政教育办到居民身边",
            "kind": MeetingKind.RESIDENT_COUNCIL,
            "place": "社区党群服务中心一楼议事厅",
            "host": "支部书记赵文刚",
            "recorder": "宣传委员邵琳",
            "intro": "为巩固党员先进性教育的成果，社区干部和党员围坐一桌，专门商量怎样开展"
            "党风廉政教育。大家发言踊跃，会上定下了宣传栏、讲座和知识竞赛三件实事。",
            "image": images.get("table"),
            "attendees": [
                Attendee(name="赵文刚", role="支部书记"),
                Attendee(name="邵琳", role="宣传委员"),
                Attendee(name="马雨涛", role="文体委员"),
                Attendee(name="黄宇强", role="纪检委员"),
                Attendee(name="王久余", role="社区党员"),
                Attendee(name="李秀兰", role="居民代表"),
                Attendee(
                    name="王建国",
                    role="居民代表",
                    present=False,
                    absence_reason="在外地照顾生病的家人，会前已请假，书面意见由邵琳转交",
                ),
            ],
            "agenda_items": [
                AgendaItem(
                    title="如何开展党风廉政教育",
                    summary="结合社区实际，听取党员和居民对廉政宣传教育的想法。",
                ),
                AgendaItem(
                    title="社区干部自身作风建设",
                    summary="讨论干部怎样以身作则，接受居民监督。",
                ),
            ],
            "speeches": [
                Speech(
                    speaker="王久余",
                    role="社区党员",
                    summary="他认为，这些年国家惩治贪腐的力度明显加大，对当官的人是一种警醒。"
                    "社区党员离群众最近，应当主动当好宣传员，让更多街坊了解廉政文化、"
                    "接受廉政教育，大家都在清清爽爽的风气里过日子。",
                ),
                Speech(
                    speaker="赵文刚",
                    role="支部书记",
                    summary="规矩写得再好，干部自己做不到也是空话。我们先把自己管好，居民才会信服。",
                    is_quotation=True,
                ),
                Speech(
                    speaker="李秀兰",
                    role="居民代表",
                    summary="她建议宣传内容多用老百姓听得懂的话，字印大一些，"
                    "方便老年人在宣传栏前看清楚。",
                ),
            ],
            "raised_suggestions": [
                RaisedSuggestion(
                    text="在小区宣传栏和展板上张贴廉政标语，内容定期更换。",
                    raised_by="社区党员",
                ),
                RaisedSuggestion(
                    text="多办几场通俗易懂的廉政文化讲座，请身边人讲身边事。",
                    raised_by="社区干部",
                ),
                RaisedSuggestion(
                    text="举办廉政知识竞赛，让居民在答题中学习。",
                    raised_by="居民代表",
                ),
                RaisedSuggestion(
                    text="宣传材料采用大字版，照顾老年居民的阅读习惯。",
                    raised_by="李秀兰",
                ),
            ],
            "resolutions": [
                Resolution(text="两周内更新社区宣传栏，张贴廉政标语，增设大字展板。"),
                Resolution(text="本季度起每月举办一场廉政文化讲座，面向党员和居民开放报名。"),
                Resolution(text="由纪检委员牵头筹办廉政知识竞赛，分场次进行。"),
                Resolution(
                    text="社区干部带头加强作风建设：完善议事和财务公开制度，"
                    "拓宽居民监督渠道，定期公开办事结果。"
                ),
            ],
            "tasks": [
                _task(
                    "更新宣传栏，张贴廉政标语并增设大字展板",
                    "邵琳",
                    -26,
                    today,
                    done_days_ago=28,
                    note="东、西两处宣传栏已换新，另增三块大字展板。",
                ),
                _task(
                    "举办第一场廉政文化讲座",
                    "邵琳",
                    -3,
                    today,
                    done_days_ago=5,
                    note="讲座已如期举办，回顾见“活动报名”栏目。",
                ),
                _task("组织廉政知识竞赛（第一场）", "黄宇强", 10, today),
                _task("把居民提出的意见整理成册，报街道备案", "马雨涛", -7, today),
            ],
            "body": [
                heading("会议照片"),
                image(images["table"].pk, "议事会现场：大家围坐一桌商量廉政教育怎么办")
                if images.get("table")
                else paragraph("<p>会议照片整理中。</p>"),
                image(images["board"].pk, "会后更新的社区宣传栏") if images.get("board") else None,
            ],
        },
    }


def branch_committee(today, images):
    return {
        "slug": "sixth-branch-committee-q4",
        "days": -20,
        "at": time(9, 0),
        "page": {
            "title": "第六党支部支部委员会：前三季度自评与第四季度任务",
            "kind": MeetingKind.BRANCH_COMMITTEE,
            "place": "中心二楼党员活动室",
            "host": "支部书记赵文刚",
            "recorder": "宣传委员邵琳",
            "intro": "按照“三会一课”的要求，第六党支部召开支委会：回头看前三个季度的党建工作，"
            "找差距、定整改，并明确第四季度要完成的任务。",
            "image": images.get("lotus"),
            "attendees": [
                Attendee(name="赵文刚", role="支部书记"),
                Attendee(name="邵琳", role="宣传委员"),
                Attendee(name="马雨涛", role="文体委员"),
                Attendee(name="黄宇强", role="纪检委员"),
                Attendee(
                    name="刘志红",
                    role="组织委员",
                    present=False,
                    absence_reason="参加街道组织的党务干部培训，已向书记请假",
                ),
            ],
            "agenda_items": [
                AgendaItem(
                    title="前三季度党建工作自评",
                    summary="逐项对照年初计划，查找不足，列出整改事项。",
                ),
                AgendaItem(
                    title="第四季度党建工作任务",
                    summary="商定年底前必须完成的工作，确保支部建设全年达标。",
                ),
            ],
            "speeches": [
                Speech(
                    speaker="邵琳",
                    role="宣传委员",
                    summary="就政工在线平台的使用提出改进意见，强调各类报表要按时、准确填报，"
                    "民主评议工作也要按新要求准备。",
                ),
                Speech(
                    speaker="马雨涛",
                    role="文体委员",
                    summary="逐笔说明了今年党员活动经费的收入和支出，账目清楚，接受大家监督。",
                ),
                Speech(
                    speaker="黄宇强",
                    role="纪检委员",
                    summary="报告了支部纪检自查的情况，对发现的问题提出了整改建议。",
                ),
                Speech(
                    speaker="赵文刚",
                    role="支部书记",
                    summary="作会议总结，对第四季度提出明确要求：各位支委回到所在部门传达会议精神，"
                    "在保持稳定的前提下带领职工团结协作、做好本职，迎接年底各项检查。",
                ),
            ],
            "raised_suggestions": [
                RaisedSuggestion(
                    text="政工在线的报表设专人提醒，避免逾期。",
                    raised_by="邵琳",
                ),
                RaisedSuggestion(
                    text="活动经费收支每季度在支部内公开一次。",
                    raised_by="马雨涛",
                ),
            ],
            "resolutions": [
                Resolution(text="对照“五好党支部”考核指标，把各项准备工作做细做实。"),
                Resolution(text="继续抓好“三会一课”，把组织生活开出实效。"),
                Resolution(text="做好发展党员工作，建设团结和谐的党支部。"),
                Resolution(text="配合做好工会工作，调动职工积极性，保证全年任务顺利完成。"),
            ],
            "tasks": [
                _task(
                    "各支委在所属部门传达本次会议精神",
                    "各位支委",
                    -13,
                    today,
                    done_days_ago=15,
                    note="四个部门均已传达，并记入部门学习记录。",
                ),
                _task(
                    "整改自评中发现的问题，形成整改清单",
                    "黄宇强",
                    -5,
                    today,
                    done_days_ago=6,
                    note="整改清单共五项，已在支部内公布。",
                ),
                _task("在政工在线完成各类报表和民主评议", "邵琳", 20, today),
                _task("按“五好党支部”指标准备考核材料", "赵文刚", 34, today),
            ],
            "body": [
                heading("附：会议材料"),
                paragraph(
                    "<p>支部党员活动经费收支明细和纪检自查报告已在支部内传阅；"
                    "居民如需了解，可在办公时间到社区办公室查阅。</p>"
                ),
            ],
        },
    }


def campaign_meeting(today, images):
    return {
        "slug": "reception-campaign-mobilisation",
        "days": -75,
        "at": time(8, 30),
        "page": {
            "title": "全乡领导干部大接访、大下访活动动员会",
            "kind": MeetingKind.OTHER,
            "place": "乡政府大会议室",
            "host": "乡党委书记",
            "recorder": "乡信访办",
            "present_total": 165,
            "intro": "乡里传达上级关于领导干部接访、下访的会议精神，部署全乡的大接访、大下访活动。"
            "乡党政领导班子、各单位干部职工和各村支部书记共165人到会。",
            "image": images.get("door"),
            "agenda_items": [
                AgendaItem(
                    title="传达上级会议精神",
                    summary="学习上级关于党政领导干部接访、下访工作的部署和要求。",
                ),
                AgendaItem(
                    title="部署全乡活动方案",
                    summary="活动分动员部署、组织实施、检查总结三个阶段进行。",
                ),
                AgendaItem(
                    title="明确组织分工",
                    summary="成立领导小组和督导组，办公室设在信访办。",
                ),
            ],
            "speeches": [
                Speech(
                    speaker="乡党委书记",
                    summary="要求各村和各站所把这项工作当作一段时期的重要政治任务，"
                    "排查化解矛盾纠纷，先解决群众最关心、最急迫的问题。",
                ),
                Speech(
                    speaker="乡纪委书记",
                    role="督导组组长",
                    summary="督导组将逐案跟踪领导接访、下访的案件，办理不到位的要说明原因。",
                ),
            ],
            "raised_suggestions": [
                RaisedSuggestion(
                    text="接访的时间和地点提前向社会公布，方便群众找到人。",
                    raised_by="村支部书记",
                ),
                RaisedSuggestion(
                    text="对行动不便的老人，由村干部代为反映、乡干部上门了解。",
                    raised_by="村支部书记",
                ),
            ],
            "resolutions": [
                Resolution(text="成立由乡党委书记任组长的领导小组，下设督导组，办公室设在信访办。"),
                Resolution(text="印发活动工作方案，向社会公布党委书记接访的时间和地点。"),
                Resolution(text="村里的问题尽量在村里解决，乡属单位的问题尽量在乡里解决。"),
                Resolution(
                    text="受理的信访事项坚持“三不放过”：问题没查清、没解决、措施没落实，"
                    "都不能放过。"
                ),
            ],
            "tasks": [
                _task(
                    "印发大接访、大下访活动工作方案",
                    "乡党政办",
                    -70,
                    today,
                    done_days_ago=71,
                    note="方案已印发到各村和站所。",
                ),
                _task(
                    "公布党委书记接访的时间和地点",
                    "乡信访办",
                    -68,
                    today,
                    done_days_ago=69,
                    note="已在乡政府公告栏和各村宣传栏张贴。",
                ),
                _task(
                    "各村建立矛盾纠纷排查台账",
                    "各村支部书记",
                    -45,
                    today,
                    done_days_ago=47,
                    note="全乡各村台账均已建立，每月更新。",
                ),
                _task("对领导接访、下访案件逐案督查回访", "督导组", 30, today),
            ],
            "body": [
                heading("附：活动安排"),
                table(
                    [
                        ["阶段", "主要工作"],
                        ["动员部署", "传达上级精神，印发方案，公布接访时间和地点"],
                        ["组织实施", "领导定期接访、带案下访，逐件化解矛盾纠纷"],
                        ["检查总结", "督导组逐案回访，总结经验，建立长效制度"],
                    ],
                    "大接访、大下访活动的三个阶段",
                ),
            ],
        },
    }


RECORDS = [integrity_discussion, branch_committee, campaign_meeting]


def load(home, images, today):
    """Publish the record index and its records under ``home``; returns {"议事记录": count}."""
    index = publish_page(home, DiscussionIndexPage, "discussions", **INDEX)
    if index is None:
        # Another page type holds /discussions/: leave it and its content alone.
        return {"议事记录": 0}
    published = 0
    for build in RECORDS:
        spec = build(today, images)
        fields = dict(spec["page"])
        fields["body"] = [block for block in fields["body"] if block]
        record = publish_page(
            index,
            MeetingRecordPage,
            spec["slug"],
            start=local_datetime(today + timedelta(days=spec["days"]), spec["at"]),
            **fields,
        )
        published += bool(record)
    return {"议事记录": published}
