from django.utils import timezone

from home.formatting import WEEKDAYS


def event_summary(event):
    """《title》12月3日（周四）14:30，place — as a text message says it. No year and a short
    weekday: a text message is one SMS (70 characters) only while it stays short."""
    start = timezone.localtime(event.start)
    when = f"{start.month}月{start.day}日（周{WEEKDAYS[start.weekday()]}）{start:%H:%M}"
    return f"《{event.title}》{when}，{event.place}"
