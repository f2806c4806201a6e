"""Pages leave compressed for browsers that accept gzip; images and static files do not pass
through the compression a second time."""

import gzip

import pytest
from django.http import HttpResponse

from home.compression import TextGZipMiddleware
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_page_is_sent_compressed_to_a_browser_that_accepts_gzip(client, settings):
    settings.QINGFENG_PAGE_CACHE = True
    index = factories.article_index()
    factories.article(index, title="廉洁家风故事")
    plain = client.get(index.url)
    assert "Content-Encoding" not in plain
    for state in ("hit", "hit"):  # from the page cache, compressed on the way out each time
        packed = client.get(index.url, headers={"accept-encoding": "gzip, deflate"})
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert packed["X-Page-Cache"] == state
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 2


def test_an_image_is_sent_as_it_is(rf):
    picture = bytes(range(256)) * 8
    middleware = TextGZipMiddleware(
        lambda request: HttpResponse(picture, content_type="image/jpeg")
    )
    response = middleware(rf.get("/media/images/cover.jpg", headers={"accept-encoding": "gzip"}))
    assert "Content-Encoding" not in response
    assert response.content == picture
