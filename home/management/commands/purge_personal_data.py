"""Delete personal data kept longer than the retention period (PIPL Art. 19, 47). For cron."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from home.hooks import PURGE_HOOK


class Command(BaseCommand):
    help = (
        "Remove names and phone numbers kept longer than PERSONAL_DATA_RETENTION_DAYS after "
        "the event ended or the case closed. Safe to run every day from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.PERSONAL_DATA_RETENTION_DAYS,
            help="Retention period in days (default from settings).",
        )

    def handle(self, *args, days, **options):
        before = timezone.now() - timedelta(days=days)
        results = {}
        with transaction.atomic():
            for purge in hooks.get_hooks(PURGE_HOOK):
                results.update(purge(before=before))
        done = "，".join(f"{label} {count} 条" for label, count in results.items()) or "无"
        self.stdout.write(f"已删除保存超过 {days} 天的个人信息：{done}。")
