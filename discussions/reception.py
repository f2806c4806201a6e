"""Reception-day schedule: upcoming sessions, the printable schedule and the calendar feed."""

from django.http import Http404


def schedule_view(request, page):
    raise Http404


def print_view(request, page):
    raise Http404


def ics_feed(request):
    raise Http404
