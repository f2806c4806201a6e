"""Demo accounts for trying the admin: the superuser ``admin`` and one member of each staff
group (编辑, 审核, 活动志愿者), each with a random password shown once.

`make run` calls this on every start, so an existing account is left exactly as it is: its
password was shown when it was created and is never printed or reset here.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.users.models import UserProfile

USERNAME = "admin"
EMAIL = "admin@example.com"
ADMIN_PATH = "/admin/"
# (user name, group, family name, given name): one member of each group made by the migrations.
MEMBERS = [
    ("bianji", "编辑", "李", "建国"),
    ("shenhe", "审核", "周", "红"),
    ("zhiyuan", "活动志愿者", "陈", "志强"),
]


class Command(BaseCommand):
    help = (
        "Create the demo superuser 'admin' and one member of each staff group, with random "
        "passwords printed once."
    )

    def handle(self, *args, **options):
        created = []
        with transaction.atomic():
            if self._make(USERNAME, superuser=True) is not None:
                created.append((USERNAME, "超级管理员", self._password))
            for username, group, family, given in MEMBERS:
                group_row = Group.objects.filter(name=group).first()
                if group_row is None:
                    continue
                user = self._make(username, last_name=family, first_name=given)
                if user is not None:
                    user.groups.add(group_row)
                    created.append((username, group, self._password))

        if not created:
            self.stdout.write("演示账号已存在。密码在创建时已经显示过，这里不再显示，也没有更改。")
            return
        self.stdout.write(self.style.SUCCESS("已创建演示账号。密码只显示这一次，请妥善保存："))
        self.stdout.write(f"  后台地址：{ADMIN_PATH}")
        for username, role, password in created:
            self.stdout.write(f"  {role}：用户名 {username}，密码 {password}")

    def _make(self, username, superuser=False, **names):
        """A new account with a fresh password (kept in ``_password``), or None if it exists."""
        user_model = get_user_model()
        if user_model._default_manager.filter(username=username).exists():
            return None
        self._password = secrets.token_urlsafe(12)
        email = f"{username}@example.com" if username != USERNAME else EMAIL
        if superuser:
            user = user_model._default_manager.create_superuser(
                username=username, email=email, password=self._password
            )
        else:
            user = user_model._default_manager.create_user(
                username=username, email=email, password=self._password, **names
            )
        # Older Wagtail versions have no per-user admin language.
        if any(f.name == "preferred_language" for f in UserProfile._meta.get_fields()):
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "zh-hans"
            profile.save(update_fields=["preferred_language"])
        return user
