"""The suggestion queue's dashboard panel: what waits, what is in hand, what is overdue.

Assertions lean on data attributes rather than on wording, so they hold whichever language the
admin speaks.
"""

import re

import pytest
from django.urls import reverse

from discussions.models import SuggestionStatus as S
from discussions.suggestions.admin.dashboard import queue_counts
from tests import factories
from tests.discussions.suggestions.admin.helpers import QUEUE, listed, make_overdue, submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def panel_counts(html):
    return {
        key: int(count)
        for key, count in re.findall(r'data-queue-count="(\w+)" data-count="(\d+)"', html)
    }


def test_the_dashboard_counts_what_waits(client, form, handler, django_assert_num_queries):
    waiting = [submit(form, 1), submit(form, 2)]
    make_overdue(waiting[0])
    handled = [
        submit(form, n, status=status, actor=handler)
        for n, status in enumerate((S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP), 3)
    ]
    make_overdue(handled[1])
    make_overdue(handled[2])  # replied: no longer overdue
    submit(form, 8, status=S.CLOSED, actor=handler)
    submit(form, 9, status=S.REJECTED, actor=handler)

    with django_assert_num_queries(1):
        assert queue_counts() == {"waiting": 2, "open": 4, "overdue": 2}

    client.force_login(handler)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_counts(html) == {"waiting": 2, "open": 4, "overdue": 2}
    assert f'href="{QUEUE}?overdue=yes"' in html
    # Each figure opens the queue filtered to what it counts.
    assert len(listed(client, "?overdue=yes")) == 2
    assert (
        len(listed(client, "?status=accepted&status=in_progress&status=replied&status=followed_up"))
        == 4
    )


def test_the_dashboard_panel_is_only_for_staff_who_see_suggestions(client, form):
    submit(form, 1)
    client.force_login(factories.staff_user("editor"))
    assert "data-suggestion-queue" not in client.get(reverse("wagtailadmin_home")).content.decode()
