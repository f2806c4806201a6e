"""No English word leaks onto the record pages in Chinese (needs the discussions msgids in
locale/zh_Hans; run `make messages` after adding them)."""

import pytest
from django.core.management import call_command

from tests.home.test_chinese_first import english_words

pytestmark = pytest.mark.django_db


def test_record_pages_have_no_english_words(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    urls = [
        "/discussions/",
        "/discussions/?kind=branch_committee",
        "/discussions/?kind=forum",
        "/discussions/?year=abc&page=99999",
        "/discussions/integrity-education-discussion/",
        "/discussions/sixth-branch-committee-q4/",
        "/discussions/reception-campaign-mobilisation/",
        "/search/?q=五好",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.content.decode()) == [], url
