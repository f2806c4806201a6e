"""A throw-away event for measuring registration under load (scripts/bench_registration.py)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.models import EventIndexPage, EventKind, EventPage

SLUG = "load-test"


class Command(BaseCommand):
    help = "Create or reset the load-test event with N seats and print its path (--remove: delete)."

    def add_arguments(self, parser):
        parser.add_argument("--capacity", type=int, default=50)
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, capacity, remove, **options):
        index = EventIndexPage.objects.first()
        if index is None:
            raise CommandError("没有活动栏目，请先运行 manage.py load_demo。")
        event = EventPage.objects.child_of(index).filter(slug=SLUG).first()
        if remove:
            if event:
                event.delete()
            return
        start = timezone.now().replace(microsecond=0) + timedelta(days=30)
        if event is None:
            event = EventPage(slug=SLUG, title="压力测试活动", kind=EventKind.LECTURE, place="测试")
            event.capacity, event.start, event.end = capacity, start, start + timedelta(hours=1)
            index.add_child(instance=event)
        event.registrations.all().delete()
        event.capacity = capacity
        event.start, event.end = start, start + timedelta(hours=1)
        event.registration_opens = event.registration_closes = None
        event.waitlist_enabled = True
        event.save_revision().publish()
        self.stdout.write(event.url)
