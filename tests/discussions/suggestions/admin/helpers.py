"""Addresses, permissions and suggestions the admin tests share, and how they read the queue."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from discussions.models import Suggestion
from discussions.suggestions import services
from tests import factories

QUEUE = "/admin/suggestions/"
VIEW = "discussions.view_suggestion"
HANDLE = "discussions.handle_suggestion"
CONTACT = "discussions.view_contact"
QUESTIONS = [("location", "涉及的地点", "singleline", False)]


def submit(form, number=1, **fields):
    """A named suggestion with phone 139 0000 NNNN, moved on to ``status`` by ``actor``."""
    fields.setdefault("name", "王久余")
    fields.setdefault("phone", factories.phone(number))
    return factories.suggestion(form, **fields)


def make_overdue(suggestion):
    past = timezone.now() - datetime.timedelta(days=1)
    Suggestion.objects.filter(pk=suggestion.pk).update(accept_due=past, complete_due=past)


def case_url(suggestion):
    return reverse("suggestions:inspect", args=[suggestion.pk])


def rows(html):
    """{grouped tracking code: the row's HTML} of the listing."""
    if '<table class="listing' not in html:
        return {}
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]:
        code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", row)
        found[code.group(0)] = row
    return found


def listed(client, query=""):
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return rows(response.content.decode())


def chinese(text):
    """``text`` as the admin says it in Chinese."""
    with translation.override("zh-hans"):
        return translation.gettext(str(text))


def refusal_of(move):
    """What the service says, in Chinese, when ``move`` is refused."""
    with translation.override("zh-hans"), pytest.raises(services.SuggestionError) as refusal:
        move()
    return refusal.value.message
