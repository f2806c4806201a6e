"""Quiz statistics in the admin: the figures, the charts drawn on the server and their tables."""

import re

import pytest

from events.quiz import services
from events.quiz.admin.statistics import band_width, score_bands
from tests import factories
from tests.events.helpers import staff, superuser
from tests.events.quiz.admin_helpers import bank_ids, statistics_url
from tests.factories import phone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


# --- Statistics ------------------------------------------------------------------------------


def test_statistics_numbers_and_charts(client, quiz):
    q1, q2, q3, q4, _q5 = bank_ids()
    factories.quiz_attempt(quiz, phone(1), right=bank_ids())  # 100
    factories.quiz_attempt(quiz, phone(2), right=[q1, q2, q3])  # 60
    factories.quiz_attempt(quiz, phone(3), right=[q1])  # 20
    services.record_paper_score(quiz=quiz, name="纸一", phone=phone(4), score=80)
    services.record_paper_score(quiz=quiz, name="纸二", phone=phone(5), score=40)
    factories.quiz_attempt(quiz, phone(6), submit=False)  # still answering, not counted
    client.force_login(staff("reader", "view_quiz"))
    response = client.get(statistics_url(quiz))
    assert response.status_code == 200
    html = response.content.decode()
    for name, value in {
        "participants": "5",
        "online": "3",
        "paper": "2",
        "average": "60.0",
        "highest": "100",
        "lowest": "20",
        "pass-rate": "60%",
    }.items():
        assert f'data-{name}="{value}"' in html, name

    bands_svg = re.search(r'<svg[^>]*data-chart="bands".*?</svg>', html, flags=re.S).group(0)
    assert "<title" in bands_svg and "<desc" in bands_svg and 'role="img"' in bands_svg
    assert bands_svg.count("data-bar") == 10
    bands = re.search(r'data-table="bands".*?</table>', html, flags=re.S).group(0)
    counted = re.findall(r"<th scope=\"row\">([^<]+)</th><td[^>]*>(\d+)</td>", bands)
    assert counted == [
        ("0–9", "0"),
        ("10–19", "0"),
        ("20–29", "1"),
        ("30–39", "0"),
        ("40–49", "1"),
        ("50–59", "0"),
        ("60–69", "1"),
        ("70–79", "0"),
        ("80–89", "1"),
        ("90–100", "1"),
    ]

    questions_svg = re.search(r'<svg[^>]*data-chart="questions".*?</svg>', html, flags=re.S)
    assert questions_svg.group(0).count("data-bar") == 5
    table = re.search(r'data-table="questions".*?</table>', html, flags=re.S).group(0)
    rates = re.findall(r"<td class=\"qf-num\">(\d+)</td><td class=\"qf-num\">(\d+)</td>", table)
    # Hardest first: q4 and q5 right once in three papers, q2 and q3 twice, q1 every time.
    assert rates == [("1", "3"), ("1", "3"), ("2", "3"), ("2", "3"), ("3", "3")]
    assert "<svg" not in html.split('data-chart="questions"')[1].split("</svg>")[1]


def test_statistics_of_a_quiz_without_results(client, quiz):
    client.force_login(superuser())
    html = client.get(statistics_url(quiz)).content.decode()
    assert 'data-participants="0"' in html and 'data-pass-rate="—"' in html
    assert 'data-chart="questions"' not in html


def test_score_bands_fit_the_paper():
    assert band_width(100) == 10 and band_width(200) == 20 and band_width(5) == 1
    assert [band.label for band in score_bands(100)][::3] == ["0–9", "30–39", "60–69", "90–100"]
    assert [band.label for band in score_bands(40)][-2:] == ["30–34", "35–40"]
    assert [band.label for band in score_bands(3)] == ["0", "1", "2–3"]
