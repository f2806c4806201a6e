"""Events as iCalendar, so residents can add them to their phone's calendar."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

PRODID = "-//Qingfeng//Community events//ZH"


def event_ics(request, events):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "清风社区活动")
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    host = request.get_host().split(":")[0]
    for event in events:
        entry = Event()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", event.start)
        entry.add("dtend", event.end)
        entry.add("summary", event.title)
        entry.add("location", event.place)
        entry.add("url", request.build_absolute_uri(event.url))
        description = event.intro or ""
        if event.speaker:
            description = f"{event.speaker}\n{description}".strip()
        entry.add("description", description)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.title)
        alarm.add("trigger", timedelta(hours=-2))
        entry.add_component(alarm)
        calendar.add_component(entry)
    return calendar.to_ical()
