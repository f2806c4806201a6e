"""Helpers shared by the events app's admin tests."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def staff(username, *codenames):
    """An admin user holding the given permissions (app label events unless dotted)."""
    return factories.staff_user(username, *codenames, app="events")


def superuser():
    return factories.staff_user("boss", superuser=True)


def row_cells(html):
    """The text of each listing row's cells, tags and spacing removed."""
    table = html[html.index('<table class="listing') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]


def queries(client, url):
    """How many queries a warm GET of ``url`` takes, and the page's HTML."""
    client.get(url)  # warm caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()
