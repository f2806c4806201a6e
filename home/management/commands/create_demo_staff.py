"""A superuser for trying the admin, with a random password shown once.

`make run` calls this on every start, so an existing account is left exactly as it is: its
password was shown when it was created and is never printed or reset here.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.users.models import UserProfile

USERNAME = "admin"
EMAIL = "admin@example.com"
ADMIN_PATH = "/admin/"


class Command(BaseCommand):
    help = "Create the demo superuser 'admin' with a random password, printed once."

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model._default_manager.filter(username=USERNAME).exists():
            self.stdout.write(
                f"管理员账号 {USERNAME} 已存在。它的密码在创建时已经显示过，"
                "这里不再显示，也没有更改。"
            )
            return

        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user = user_model._default_manager.create_superuser(
                username=USERNAME, email=EMAIL, password=password
            )
            # Older Wagtail versions have no per-user admin language.
            if any(f.name == "preferred_language" for f in UserProfile._meta.get_fields()):
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = "zh-hans"
                profile.save(update_fields=["preferred_language"])

        self.stdout.write(
            self.style.SUCCESS("已创建演示管理员账号。密码只显示这一次，请妥善保存：")
        )
        self.stdout.write(f"  后台地址：{ADMIN_PATH}")
        self.stdout.write(f"  用户名：{USERNAME}")
        self.stdout.write(f"  密码：{password}")
