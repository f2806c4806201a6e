"""How dates and phone numbers look to residents: 2026年11月27日（星期五）14:30, 138****1234."""

import datetime
import re

from django.utils import formats, timezone
from django.utils.translation import get_language

WEEKDAYS = "一二三四五六日"


def _chinese():
    return (get_language() or "zh-hans").startswith("zh")


def format_date(value, weekday=True):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if not _chinese():
        return formats.date_format(value, "DATE_FORMAT")
    text = f"{value.year}年{value.month}月{value.day}日"
    if weekday:
        text += f"（星期{WEEKDAYS[value.weekday()]}）"
    return text


def format_datetime(value, weekday=True):
    """2026年11月27日（星期五）14:30; without the weekday (for table cells) 2026年11月27日 14:30."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    if not _chinese():
        return formats.date_format(value, "DATETIME_FORMAT")
    if not weekday:
        return f"{format_date(value, weekday=False)} {value:%H:%M}"
    return f"{format_date(value)}{value:%H:%M}"


def mask_phone(phone):
    phone = (phone or "").strip()
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name):
    """张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明: enough for the person to recognise
    their own name on a ranking or at the door, not enough to identify anyone else. A name of
    one character is hidden whole; spaces typed inside a name are ignored."""
    name = "".join((name or "").split())
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def group_code(value, size=4):
    """A long code in groups of four (K7PM-3QXD-9WTA), easier to read out and copy."""
    value = str(value or "")
    if len(value) <= 8:
        return value
    return "-".join(value[i : i + size] for i in range(0, len(value), size))


_HAN = re.compile(r"[\u3400-\u9fff]")


def full_name(first_name, last_name):
    """李建国 from 姓 李 and 名 建国: a Chinese name puts the family name first, with no space
    when both parts are Han characters; a Latin name stays "Jo Smith"."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not (first and last):
        return first or last
    if _HAN.search(first) and _HAN.search(last):
        return last + first
    if _HAN.search(first + last):
        return f"{last} {first}"
    return f"{first} {last}"


def person_name(user):
    """How staff are named everywhere: 赵文刚, or the user name when no name is filled in.
    Wagtail's admin names users the same way (``home.apps`` points Django's
    ``get_full_name`` here)."""
    if user is None:
        return ""
    return full_name(user.first_name, user.last_name) or user.get_username()


def minutes_seconds(seconds):
    """12分05秒, or 45秒 under a minute: how long a quiz took, or how long is left."""
    seconds = max(0, int(seconds or 0))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}分{seconds:02d}秒" if minutes else f"{seconds}秒"


def option_letter(number):
    """1 → A, 2 → B: how options are labelled on a paper."""
    return chr(ord("A") + int(number) - 1)


def local_datetime(day, at):
    """The moment ``at`` o'clock on ``day`` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, at), timezone.get_default_timezone())
