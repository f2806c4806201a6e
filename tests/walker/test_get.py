"""GET every public route with and without each query parameter it reads, and with generated
values in its path: never a server error, and a 4xx page a person reads is Chinese.

Marked ``postgres`` as well: PostgreSQL refuses NUL in text and checks integer ranges where
SQLite does neither, so the same walk runs on both databases.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.walker import routes
from tests.walker.checks import answer, assert_none

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

KEYS = sorted(routes.PARAMS)
WITH_PARAMS = [key for key in KEYS if routes.PARAMS[key]]
HYPOTHESIS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def placeholders(walk, key):
    return re.findall(r"{(\w+)}", walk.templates[key])


def test_every_route_answers_without_parameters(client, walk):
    problems = [answer(client, walk.url(key)) for key in KEYS]
    assert_none(problems)


def test_every_parameter_takes_every_nasty_value(client, walk):
    problems = []
    for key in WITH_PARAMS:
        for name in routes.PARAMS[key]:
            for value in routes.every_encoded_value():
                problems.append(answer(client, f"{walk.url(key)}?{name}={value}"))
    assert_none(problems)


def test_every_path_value_takes_every_nasty_value(client, walk):
    problems = []
    for key in KEYS:
        for name in placeholders(walk, key):
            for value in routes.every_encoded_value():
                problems.append(answer(client, walk.url(key, **{name: value})))
    assert_none(problems)


@HYPOTHESIS
@given(data=st.data())
def test_generated_query_strings(client, walk, data):
    """Any mix of a route's parameters, each with a generated value, repeated or left out."""
    key = data.draw(st.sampled_from(WITH_PARAMS), label="route")
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(routes.PARAMS[key]), routes.encoded_values), max_size=4),
        label="parameters",
    )
    query = "&".join(f"{name}={value}" for name, value in pairs)
    url = f"{walk.url(key)}?{query}" if query else walk.url(key)
    assert answer(client, url) is None


@HYPOTHESIS
@given(data=st.data())
def test_generated_path_values(client, walk, data):
    """Ids, codes and tokens in the path replaced by generated values."""
    key = data.draw(st.sampled_from(routes.WITH_PATH_VALUES))
    name = data.draw(st.sampled_from(placeholders(walk, key)))
    value = data.draw(st.one_of(routes.encoded_values, st.integers().map(str)))
    assert answer(client, walk.url(key, **{name: value})) is None
