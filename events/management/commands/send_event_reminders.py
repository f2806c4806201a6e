"""Remind residents of the events they are confirmed for, shortly before each one starts."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from events.services import send_reminders

DEFAULT_HOURS = 24


class Command(BaseCommand):
    help = (
        "Send a reminder to every confirmed resident of an event starting within the next "
        f"--hours hours (default {DEFAULT_HOURS}). Meant for cron, e.g. every hour: "
        "'0 * * * * cd /srv/qingfeng && .venv/bin/python manage.py send_event_reminders'. "
        "Each registration is reminded at most once, so running it again, or on several "
        "servers at the same time, sends nothing twice. Waiting-list registrations are not "
        "reminded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=DEFAULT_HOURS,
            help=f"Remind of events starting within this many hours (default {DEFAULT_HOURS}).",
        )

    def handle(self, *args, hours, **options):
        if hours < 1:
            raise CommandError("--hours 必须是正整数。")
        sent = send_reminders(ahead=timedelta(hours=hours))
        if sent:
            self.stdout.write(
                self.style.SUCCESS(f"已安排发送 {sent} 条报名提醒（{hours} 小时内开始的活动）。")
            )
        else:
            self.stdout.write(f"没有需要提醒的报名（{hours} 小时内开始的活动），未发送提醒。")
