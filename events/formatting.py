from django.utils import timezone

from home.formatting import WEEKDAYS

# Quotation marks a title may already hold; wrapping it in the same again reads as nonsense
# (《专题讲座：《信访条例》…》).
BOOK_MARKS = "《》〈〉"
QUOTE_MARKS = "“”"


def quoted_title(title):
    """The title as running Chinese text names it: 《廉政讲座》. A title that already names a
    book or regulation in 《》 goes in “ ” instead, and one that holds both kinds goes bare."""
    title = (title or "").strip()
    if not any(mark in title for mark in BOOK_MARKS):
        return f"《{title}》"
    if not any(mark in title for mark in QUOTE_MARKS):
        return f"“{title}”"
    return title


def event_summary(event):
    """《title》12月3日（周四）14:30，place — as a text message says it. No year and a short
    weekday: a text message is one SMS (70 characters) only while it stays short."""
    start = timezone.localtime(event.start)
    when = f"{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）{start:%H:%M}"
    return f"{quoted_title(event.title)}{when}，{event.place}"
