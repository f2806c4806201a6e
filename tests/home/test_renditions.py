"""A page view finds every rendition it shows: they are made when the image is saved
(home.renditions), so no visitor's request decodes an original."""

import pytest
from django.test import Client
from wagtail.images import get_image_model

from home.renditions import COVER_RENDITIONS, LOGO_RENDITIONS
from home.slogans import Slogan
from tests import factories
from tests.home.test_cold_queries import build

pytestmark = pytest.mark.django_db


def renditions_made():
    return get_image_model().get_rendition_model().objects.count()


def test_an_image_saved_has_every_size_the_pages_show(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = factories.image()
    made = {rendition.filter_spec for rendition in image.renditions.all()}
    assert made == set(COVER_RENDITIONS)
    assert {"fill-240x160|format-webp", "format-jpeg|width-800"} <= made


def test_no_page_view_makes_a_rendition(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build(2)
    logo = site["home"].get_site().sitesettings.logo
    assert {r.filter_spec for r in logo.renditions.all()} >= set(LOGO_RENDITIONS)
    before = renditions_made()
    urls = [
        "/",
        site["articles"].url,
        site["article"].url,
        site["notices"].url,
        site["notice"].url,
        site["events"].url,
        site["event"].url,
        site["event"].url + "poster/",
        site["records"].url,
        site["records"].get_children().live().last().url,
        "/search/?q=文章",
        f"/slogans/{Slogan.objects.first().pk}/poster/",
    ]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, url
    assert "image/webp" in Client().get("/").content.decode()
    new = get_image_model().get_rendition_model().objects.order_by("pk")[before:]
    assert [(r.image.title, r.filter_spec) for r in new] == []
    assert renditions_made() == before


def test_an_image_that_cannot_be_read_is_saved_all_the_same(django_capture_on_commit_callbacks):
    image = factories.image()
    image.renditions.all().delete()
    with image.file.storage.open(image.file.name, "wb") as damaged:
        damaged.write(b"not an image any more")
    image.title = "损坏的图片"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert get_image_model().objects.get(pk=image.pk).title == "损坏的图片"
    assert image.renditions.count() == 0
