"""Calendar files live outside the page tree: Wagtail's page routes cannot contain a dot."""

from django.urls import path

from .reception import views as reception

urlpatterns = [
    path("calendar/reception.ics", reception.ics_feed, name="reception_ics"),
]
