"""`manage.py create_demo_staff`: the superuser and one member of each staff group, each with a
password shown once and never again."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("create_demo_staff", stdout=out)
    return out.getvalue()


def test_each_group_gets_a_member_whose_password_is_shown_once():
    printed = run()
    accounts = dict(re.findall(r"用户名 (\w+)，密码 (\S+)", printed))
    assert set(accounts) == {"admin", "bianji", "shenhe", "zhiyuan"}
    for username, group in (("bianji", "编辑"), ("shenhe", "审核"), ("zhiyuan", "活动志愿者")):
        user = authenticate(username=username, password=accounts[username])
        assert user is not None and not user.is_staff and not user.is_superuser
        assert [g.name for g in user.groups.all()] == [group]
    assert authenticate(username="bianji", password=accounts["bianji"]).get_full_name() == "李建国"
    assert authenticate(username="admin", password=accounts["admin"]).is_superuser

    again = run()
    assert "已存在" in again and "密码 " not in again
    assert authenticate(username="shenhe", password=accounts["shenhe"]) is not None
