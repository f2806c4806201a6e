"""Helpers shared by the tests of the 活动报名 admin screens."""

from django.urls import reverse

from events import services
from tests.factories import phone


def register(event, number, name="张小三", **kwargs):
    return services.register(
        event=event, name=name, phone=phone(number), consent=True, **kwargs
    ).registration


def checkin_url(event):
    return reverse("events_checkin", args=[event.pk])
