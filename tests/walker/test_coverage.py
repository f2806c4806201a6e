"""The walker's table keeps up with the code: every public route and every query parameter the
code reads is in it, and the walked site has a page of every page type."""

import pytest
from wagtail.models import Page, get_page_models

from tests.walker import routes, site


def test_every_public_url_pattern_is_walked():
    table = set(routes.PARAMS)
    assert routes.django_route_names() <= table
    assert routes.page_route_keys() <= table


def test_every_query_parameter_the_code_reads_is_walked():
    documented = {name for names in routes.PARAMS.values() for name in names}
    read = routes.get_parameters_read()
    missing = {name: files for name, files in read.items() if name not in documented}
    assert read and not missing


@pytest.mark.django_db
def test_the_walked_site_has_a_page_of_every_type(walk):
    labels = {page._meta.label for page in walk.pages.values()}
    assert {model._meta.label for model in get_page_models() if model is not Page} <= labels
    assert set(walk.templates) == set(routes.PARAMS)
    with_values = {key for key, template in walk.templates.items() if "{" in template}
    assert with_values == set(routes.WITH_PATH_VALUES)


def test_a_pattern_becomes_a_template():
    assert site.placeholder_template("registration/<str:code>/") == "registration/{code}/"
    assert site.placeholder_template("quiz/paper/<token>/save/") == "quiz/paper/{token}/save/"
