from home.formatting import format_datetime


def event_summary(event):
    """《title》, start, place — as a text message would say it."""
    return f"《{event.title}》{format_datetime(event.start)}，{event.place}"
