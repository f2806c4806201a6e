"""The purge blanks residents' data but leaves every figure of the 工作报告 as it was: purged
cases, registrations, results and visits are counted as before, and so is a resident who came
back within 90 days, once the numbers that showed it are gone."""

import datetime

import pytest
import time_machine

from discussions.models import Suggestion, Visit
from events.models import Attempt, Registration
from tests.purging import purge

from .conftest import NOW
from .test_report import metrics, open_report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

# Four years on: every case is past its 180 days, or its 3 years without activity.
LATER = NOW + datetime.timedelta(days=4 * 365)
QUARTER = {"period": "dates", "from": "2025-10-01", "to": "2025-12-31"}


def figures(client, reviewer):
    html = open_report(client, reviewer, **QUARTER).content.decode()
    return metrics(html), metrics(html, "data-previous-metric")


def test_a_purge_changes_no_figure_of_the_report(client, reviewer, quarter):
    with time_machine.travel(LATER, tick=False):
        before = figures(client, reviewer)
        counts = purge()
        after = figures(client, reviewer)

    assert counts["suggestions"] + counts["inactive_suggestions"] == Suggestion.objects.count()
    assert counts["registrations"] == 4 and counts["quiz_attempts"] == 2
    assert not Suggestion.objects.exclude(phone=None).exists()
    assert not Suggestion.objects.exclude(content="").exists()
    assert not Registration.objects.exclude(phone=None).exists()
    assert not Attempt.objects.exclude(phone=None).exists()
    assert not Visit.objects.exclude(residents_met="").exists()
    assert before[0]["settled_rate"] == "0.3333"  # one of three came back, and still counts
    assert after == before
