"""POST every public form with generated values: never a server error, a Chinese page where a
person reads the answer, and a 403 for a missing or forged CSRF token.

Each post comes from a new browser on a new address with a new number, its number already
verified in that browser, so that neither the rate limits nor the text-message step stop a post
before the code that stores it. Marked ``postgres`` too: PostgreSQL refuses NUL in text.
"""

import itertools

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.validation import MOBILE
from home.verification.services import remember_verified
from tests.walker import routes
from tests.walker.checks import answer, assert_none, problem
from tests.walker.forms import FORMS, body, good_values

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

KEYS = sorted(FORMS)
_addresses = itertools.count(1)


class Residents:
    """New browsers on new addresses, all through one test client: each new Client loads the
    middleware again, and WhiteNoise's reads every static file."""

    def __init__(self, enforce_csrf_checks=False):
        self.client = Client(enforce_csrf_checks=enforce_csrf_checks)

    def new(self, phone=None):
        """A browser of its own, on an address of its own, that has verified ``phone``."""
        n = next(_addresses)
        self.client.cookies.clear()
        self.client.defaults["REMOTE_ADDR"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        if phone:
            session = self.client.session
            remember_verified(session, phone)
            session.save()
        return self.client


@pytest.fixture
def residents():
    return Residents()


def send(residents, walk, key, fields, as_multipart=False):
    """POST ``fields`` ({name: [values]}) to the form of ``key``: its problem, if any."""
    pairs = [(name, value) for name, values in fields.items() for value in values]
    data, content_type = body(pairs, as_multipart)
    phone = fields.get("phone", [None])[0]
    client = residents.new(phone if isinstance(phone, str) and MOBILE.match(phone) else None)
    return answer(client, walk.url(key), "post", data=data, content_type=content_type)


def counts():
    from discussions.models import Suggestion
    from events.models import Attempt, Registration

    return [model.objects.count() for model in (Registration, Attempt, Suggestion)]


def test_every_form_completes_with_good_values(residents, walk):
    before = counts()
    assert_none(send(residents, walk, key, good_values(walk, key)) for key in KEYS)
    # A registration, a quiz paper and a suggestion were stored: the posts got past every check.
    assert counts() == [count + 1 for count in before]


def test_every_field_takes_every_nasty_value(residents, walk):
    """Each field in turn, the rest filled in well; every third post as multipart."""
    problems = []
    turn = itertools.count()
    for key in KEYS:
        for name in good_values(walk, key):
            for value in routes.every_post_value():
                fields = {**good_values(walk, key), name: [value]}
                problems.append(send(residents, walk, key, fields, next(turn) % 3 == 0))
    assert_none(problems)


def test_every_field_at_once_takes_every_nasty_value(residents, walk):
    problems = []
    for key in KEYS:
        for index, value in enumerate(routes.every_post_value()):
            fields = {name: [value] for name in good_values(walk, key)}
            problems.append(send(residents, walk, key, fields, as_multipart=index % 2 == 1))
    assert_none(problems)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_posts(residents, walk, data):
    """Fields left out, filled in well, given generated values or sent more than once."""
    key = data.draw(st.sampled_from(KEYS), label="form")
    fields = {}
    for name, good in good_values(walk, key).items():
        choice = data.draw(st.sampled_from(["good", "left out", "generated", "repeated"]))
        if choice == "good":
            fields[name] = good
        elif choice == "generated":
            fields[name] = [data.draw(routes.post_values, label=name)]
        elif choice == "repeated":
            fields[name] = data.draw(st.lists(routes.post_values, min_size=2, max_size=3))
    assert send(residents, walk, key, fields, as_multipart=data.draw(st.booleans())) is None


@pytest.mark.parametrize("token", [None, "forged"])
def test_a_form_without_its_csrf_token_is_refused_in_chinese(walk, token):
    problems = []
    strict = Residents(enforce_csrf_checks=True)
    for key in KEYS:
        client = strict.new()
        fields = good_values(walk, key)
        if token:
            client.cookies["csrftoken"] = "x" * 32
            fields["csrfmiddlewaretoken"] = ["y" * 64]
        pairs = [(name, value) for name, values in fields.items() for value in values]
        data, content_type = body(pairs)
        response = client.post(walk.url(key), data, content_type=content_type)
        if response.status_code != 403:
            problems.append(f"{response.status_code} {walk.url(key)}: not refused")
        problems.append(problem(response, walk.url(key)))
    assert_none(problems)


def test_too_many_fields_or_too_big_a_body_is_a_chinese_400(residents, walk):
    url = walk.url("events.EventPage:register/")
    many, content_type = body([(f"f{n}", "1") for n in range(10_001)])
    big, _ = body([("name", "x" * 3_000_000)])
    for data in (many, big):
        response = residents.new().post(url, data, content_type=content_type)
        assert response.status_code == 400
        assert problem(response, url) is None


def test_the_password_forms_return_only_to_a_path_on_the_site(residents, walk):
    """Wagtail hands a bare word to redirect(), which took it for a URL name: a server error."""
    for key in ("wagtailcore_authenticate_with_password", "wagtaildocs_authenticate_with_password"):
        for return_url in ("abc", "\ud800", "//example.com/", "https://example.com/"):
            fields = {**good_values(walk, key), "return_url": [return_url]}
            data, content_type = body([(name, values[0]) for name, values in fields.items()])
            response = residents.new().post(walk.url(key), data, content_type=content_type)
            assert (response.status_code, response["Location"]) == (302, "/"), return_url
        fields = good_values(walk, key)  # the private page's own path, as a browser sends it
        fields["return_url"] = ["/articles/"]
        data, content_type = body([(name, values[0]) for name, values in fields.items()])
        assert residents.new().post(walk.url(key), data, content_type=content_type)["Location"] == (
            "/articles/"
        )


def test_a_very_long_user_name_is_counted_not_a_server_error(residents, walk):
    """Axes keeps the name tried in a 255-character column that PostgreSQL holds to its length."""
    from axes.models import AccessAttempt

    for url in ("/admin/login/", walk.url("wagtailcore_login")):
        response = residents.new().post(url, {"username": "管" * 10_000, "password": "wrong"})
        assert response.status_code == 200 and "管" * 150 in response.content.decode()
    assert AccessAttempt.objects.get().username == "管" * 150
