"""Fixtures shared by the tests in this folder."""

import pytest

from tests import factories


@pytest.fixture
def quiz():
    """Five single-choice questions, 20 points each: full marks 100, pass mark 60."""
    return factories.quiz(questions=5, points_per_question=20, pass_mark=60)
