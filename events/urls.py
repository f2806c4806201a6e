from django.urls import path

from . import views

urlpatterns = [
    path("calendar/events.ics", views.upcoming_calendar, name="events_calendar"),
    path("calendar/event-<int:pk>.ics", views.event_calendar, name="event_calendar"),
]
