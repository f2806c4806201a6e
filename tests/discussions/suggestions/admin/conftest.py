import pytest

from tests import factories
from tests.discussions.suggestions.admin.helpers import CONTACT, HANDLE, QUESTIONS, VIEW


@pytest.fixture
def index():
    return factories.suggestion_index()


@pytest.fixture
def form(index):
    return factories.suggestion_form(index, questions=QUESTIONS)


@pytest.fixture
def handler():
    return factories.staff_user("zhao", VIEW, HANDLE, first_name="文刚", last_name="赵")


@pytest.fixture
def reader():
    return factories.staff_user("reader", VIEW)


@pytest.fixture
def officer():
    return factories.staff_user("officer", VIEW, HANDLE, CONTACT)
