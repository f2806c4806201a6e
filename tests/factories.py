"""Small builders for the page tree used across tests. Pages are published through revisions,
as the admin does, so the search index and first_published_at are set for real."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from home.models import (
    ArticleIndexPage,
    ArticlePage,
    NoticeIndexPage,
    NoticePage,
    SectionPage,
    StandardPage,
)

_counter = itertools.count(1)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article_index(**fields):
    fields.setdefault("title", "廉政文化")
    fields.setdefault("slug", "articles")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), ArticleIndexPage(**fields))


def notice_index(**fields):
    fields.setdefault("title", "通知公告")
    fields.setdefault("slug", "notices")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), NoticeIndexPage(**fields))


def article(index, title=None, body_text="", tags=(), **fields):
    number = next(_counter)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("date", datetime.date(2026, 11, 1))
    if body_text:
        fields["body"] = [("paragraph", f"<p>{body_text}</p>")]
    page = ArticlePage(title=title or f"文章{number}", **fields)
    for tag in tags:
        page.tags.add(tag)
    return publish(index, page)


def notice(index, title=None, **fields):
    number = next(_counter)
    fields.setdefault("slug", f"notice-{number}")
    return publish(index, NoticePage(title=title or f"通知{number}", **fields))


def standard_page(parent=None, title="关于我们", **fields):
    fields.setdefault("slug", f"page-{next(_counter)}")
    return publish(parent or home_page(), StandardPage(title=title, **fields))


def section_page(title="活动报名", slug="events", **fields):
    return publish(home_page(), SectionPage(title=title, slug=slug, **fields))


def image(title="封面"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), (140, 28, 19)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title,
        description=f"{title}的说明文字",
        file=ImageFile(buffer, name=f"img-{next(_counter)}.jpg"),
    )


def event_index(**fields):
    from events.models import EventIndexPage

    fields.setdefault("title", "活动报名")
    fields.setdefault("slug", "events")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), EventIndexPage(**fields))


def event(index, title=None, *, starts_in=datetime.timedelta(days=7), hours=2, **fields):
    """An event starting ``starts_in`` from now (negative for the past)."""
    from django.utils import timezone

    from events.models import EventKind, EventPage

    number = next(_counter)
    start = fields.pop("start", None) or (timezone.now() + starts_in).replace(microsecond=0)
    fields.setdefault("slug", f"event-{number}")
    fields.setdefault("kind", EventKind.LECTURE)
    fields.setdefault("place", "社区党群服务中心二楼会议室")
    fields.setdefault("capacity", 20)
    page = EventPage(
        title=title or f"廉政讲座{number}",
        start=start,
        end=start + datetime.timedelta(hours=hours),
        **fields,
    )
    return publish(index, page)


def phone(number):
    """A clearly fake but valid mainland mobile number: 139 0000 NNNN."""
    return f"1390000{number:04d}"


def discussion_index(**fields):
    from discussions.models import DiscussionIndexPage

    fields.setdefault("title", "议事记录")
    fields.setdefault("slug", "discussions")
    fields.setdefault("show_in_menus", True)
    return publish(home_page(), DiscussionIndexPage(**fields))


def record(index, title=None, *, days_ago=10, **fields):
    """A meeting record held ``days_ago`` days before now; child rows as lists, e.g.
    ``resolutions=[Resolution(text=...)]``."""
    from django.utils import timezone

    from discussions.models import MeetingKind, MeetingRecordPage

    number = next(_counter)
    fields.setdefault(
        "start", (timezone.now() - datetime.timedelta(days=days_ago)).replace(microsecond=0)
    )
    fields.setdefault("slug", f"record-{number}")
    fields.setdefault("kind", MeetingKind.RESIDENT_COUNCIL)
    fields.setdefault("place", "社区党群服务中心一楼议事厅")
    children = {
        name: fields.pop(name)
        for name in (
            "attendees",
            "agenda_items",
            "speeches",
            "raised_suggestions",
            "resolutions",
            "tasks",
        )
        if name in fields
    }
    page = MeetingRecordPage(title=title or f"议事会{number}", **fields)
    for name, rows in children.items():
        setattr(page, name, rows)
    return publish(index, page)
