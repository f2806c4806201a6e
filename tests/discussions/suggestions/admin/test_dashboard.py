"""The suggestion queue's dashboard panel: what waits, what is in hand, what is overdue.

Assertions lean on data attributes rather than on wording, so they hold whichever language the
admin speaks.
"""

import datetime
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from discussions.models import Suggestion
from discussions.models import SuggestionStatus as S
from discussions.suggestions.admin.dashboard import PANEL_ROWS, SuggestionQueuePanel, queue_counts
from tests import factories
from tests.discussions.suggestions.admin.helpers import (
    QUEUE,
    case_url,
    listed,
    make_overdue,
    submit,
)

DAY = datetime.timedelta(days=1)

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


# --- The workbench rows (工作台) ---------------------------------------------------------------

NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=timezone.get_fixed_timezone(8 * 60))


def due(item, when):
    Suggestion.objects.filter(pk=item.pk).update(accept_due=when, complete_due=when)


def panel_rows(html):
    return re.findall(r'data-queue-row="(\w+)" data-overdue="(\w+)"', html)


def render_panel(handler):
    request = RequestFactory().get("/admin/")
    request.user = handler
    return SuggestionQueuePanel().render_html({"request": request})


def test_the_panel_lists_the_cases_due_first_each_opening_its_case(client, form, handler):
    with time_machine.travel(NOW - 10 * DAY, tick=False):
        later = submit(form, 1, status=S.ACCEPTED, actor=handler)
        late = submit(form, 2)
        answered = submit(form, 3, status=S.REPLIED, actor=handler)
        soon = submit(form, 4, status=S.IN_PROGRESS, actor=handler)
        closed = submit(form, 5, status=S.CLOSED, actor=handler)
        rejected = submit(form, 6, status=S.REJECTED, actor=handler)
    due(later, NOW + 5 * DAY)
    due(late, NOW - DAY)
    due(soon, NOW + DAY)
    with time_machine.travel(NOW, tick=False):
        client.force_login(handler)  # signed in at NOW: sessions end after 2 idle hours
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_rows(html) == [
        (late.tracking_code, "true"),
        (soon.tracking_code, "false"),
        (later.tracking_code, "false"),
        (answered.tracking_code, "false"),  # in handling, no deadline runs
    ]
    for item in (late, soon, later, answered):
        assert f'href="{case_url(item)}"' in html
    assert closed.tracking_code not in html and rejected.tracking_code not in html
    assert panel_counts(html) == {"waiting": 1, "open": 3, "overdue": 1}
    assert f'href="{QUEUE}"' in html


def test_the_panel_shows_a_handful_and_reads_two_queries(form, handler, django_assert_num_queries):
    def rendered():
        with django_assert_num_queries(2):  # the three counts; the first rows with their person
            return render_panel(handler)

    for number in range(3):
        submit(form, number, status=S.IN_PROGRESS, actor=handler)
    assert len(panel_rows(rendered())) == 3
    for number in range(3, 30):
        submit(form, number, status=[S.SUBMITTED, S.IN_PROGRESS][number % 2], actor=handler)
    html = rendered()
    assert len(panel_rows(html)) == PANEL_ROWS
    assert f"另有 {30 - PANEL_ROWS} 件" in html  # how many more the queue holds
