"""Several app servers as production runs them: two `make serve` instances on one PostgreSQL
database and one Redis. A staff member publishes through the admin of one, and the other shows
it at its very next request; residents registering through both at once get exactly the seats
there are. And media on S3-compatible storage, which every server then shares."""

import io
import json
import os
import secrets
import subprocess
import sys
import threading
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from events.models import EventIndexPage, Registration
from home.models import ArticleIndexPage, ArticlePage
from tests import factories
from tests.conftest import require_service
from tests.gunicorn import ROOT, free_port
from tests.several_servers import Browser, MakeServe, edit_and_publish

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from register_load import CodeLog, fire  # noqa: E402

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several servers share PostgreSQL and Redis"
)
SEATS = 3
RESIDENTS = 8  # through each server
SIMPLE_BLOCKS = {"paragraph", "heading"}


def fetch(url, language="zh-hans"):
    """(X-Page-Cache, body) of a page as a visitor without a session gets it, by the address a
    proxy in front of both servers would pass on."""
    headers = {"Host": "127.0.0.1", "Cookie": f"django_language={language}"}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200, url
        return response.headers.get("X-Page-Cache"), response.read().decode()


@pytest.fixture
def make_serve(tmp_path, settings):
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    require_service("redis", url)
    prefix = f"qingfeng-test-{secrets.token_hex(4)}"
    # What this process publishes retires the servers' pages too, as a third server would.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        },
    }
    # The servers check passwords with production's hasher, not the tests' quick one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    servers = MakeServe(tmp_path / "serve.log", REDIS_URL=url, QINGFENG_CACHE_PREFIX=prefix)
    yield servers
    servers.stop()
    print(servers.log_path.read_text(errors="replace")[-3000:])


def a_simple_article():
    """A demo article whose body the edit form posts back as text (paragraphs and headings)."""
    for article in ArticlePage.objects.live().order_by("pk"):
        if {block.block_type for block in article.body} <= SIMPLE_BLOCKS:
            return article
    raise AssertionError("the demo has no article of paragraphs and headings only")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@postgres_only
def test_two_make_serve_instances_publish_and_register_as_one_site(make_serve):
    one = make_serve.up(*make_serve.start(workers=2))
    # The first has migrated and loaded the demo; the second only finds that done.
    second = make_serve.start(workers=1)
    password = secrets.token_urlsafe(12)
    get_user_model().objects.create_superuser("zhuren", "zhuren@example.com", password)
    article, index = a_simple_article(), ArticleIndexPage.objects.live().get()
    event = factories.event(
        EventIndexPage.objects.live().first(), capacity=SEATS, title="两台服务器报名测试"
    )
    two = make_serve.up(*second)

    # Both servers have drawn and kept the pages (the second request of each is the kept copy).
    pages = (article.url, index.url, "/events/")
    for server in (one, two):
        for page in pages:
            fetch(server + page)
    kept = {page: fetch(two + page) for page in pages}
    assert all(state == "hit" for state, _html in kept.values()), kept.keys()
    assert article.title in kept[article.url][1] and index.title in kept["/events/"][1]

    # A staff member signs in through the first and publishes two changes in its admin: an
    # article's title, and the title of the article section, which the menu of every page shows.
    staff = Browser(one)
    staff.sign_in("zhuren", password)
    edit_and_publish(staff, article.pk, title="两台服务器之后的新标题")
    edit_and_publish(staff, index.pk, title="廉政文化栏目")
    article.refresh_from_db()
    assert article.title == "两台服务器之后的新标题" and article.live

    # The second shows both at its very next request, in the page and in the menu.
    _state, html = fetch(two + article.url)
    assert "两台服务器之后的新标题" in html and "廉政文化栏目" in html
    _state, html = fetch(two + index.url)
    assert "两台服务器之后的新标题" in html and kept[article.url][1] != html
    _state, html = fetch(two + "/events/")
    assert "廉政文化栏目" in html and f">{index.title}<" not in html

    # Residents register through both at once, for an event of three seats; two numbers try
    # through both servers at the same moment.
    codes, runs = CodeLog(make_serve.log_path), {}
    first = {one: 13900000000, two: 13900000000 + RESIDENTS - 2}

    def register(server):
        runs[server] = fire(server, event.url, RESIDENTS, 4, codes, first_phone=first[server])

    threads = [threading.Thread(target=register, args=(server,)) for server in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = runs[one].results + runs[two].results
    print({server: dict(run.outcomes()) for server, run in runs.items()})
    assert not [result for result in results if result.http_status >= 500]
    # Only a number trying through both at once may be turned away, by the other's registration.
    both = {str(first[two] + number) for number in range(2)}
    assert {result.phone for result in results if not result.registration_status} <= both

    stored = Registration.objects.filter(event=event)
    confirmed = list(stored.filter(status="confirmed").values_list("phone", flat=True))
    assert len(confirmed) == SEATS
    # No number holds two registrations, nor was told twice that it has a seat.
    assert max(Counter(stored.values_list("phone", flat=True)).values()) == 1
    told = Counter(r.phone for r in results if r.registration_status == "confirmed")
    assert set(told) == set(confirmed) and max(told.values()) == 1
    # Everyone else who finished waits in line; both servers now show the event full.
    assert {r.registration_status for r in results} - {"confirmed", ""} == {"waitlisted"}
    for server in (one, two):
        assert "Full (waiting list open)" in fetch(server + event.url, "en")[1], server


# --- Media on S3-compatible storage ------------------------------------------------------------

BUCKET = "qingfeng-media"
KEYS = {"QINGFENG_S3_ACCESS_KEY_ID": "testing", "QINGFENG_S3_SECRET_ACCESS_KEY": "testing"}


def production_media(**environment):
    """What production settings make of the environment: the media and static storages, the
    image origins the pages allow, and whether `make backup` archives the media folder."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("QINGFENG_S3")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        **environment,
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings;"
        "from home.backup import media_on_this_machine as local;"
        "print(json.dumps({'storages': settings.STORAGES, 'local': local(),"
        " 'img': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_production_keeps_media_in_the_bucket_only_when_one_is_named():
    local = production_media()
    assert local["storages"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert local["local"] is True  # `make backup` archives the media folder
    assert local["img"] == ["'self'", "data:"]

    s3 = production_media(
        QINGFENG_S3_BUCKET=BUCKET,
        QINGFENG_S3_ENDPOINT_URL="https://oss-cn-hangzhou.aliyuncs.com",
        QINGFENG_S3_REGION="cn-hangzhou",
        **KEYS,
    )
    assert s3["storages"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": "https://oss-cn-hangzhou.aliyuncs.com",
            "region_name": "cn-hangzhou",
            "access_key": "testing",
            "secret_key": "testing",
            "location": "",
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    # Static files stay with whitenoise; the bucket keeps its own copies of the media.
    assert s3["storages"]["staticfiles"] == local["storages"]["staticfiles"]
    assert s3["local"] is False
    assert "https://oss-cn-hangzhou.aliyuncs.com" in s3["img"]
    assert "https://*.oss-cn-hangzhou.aliyuncs.com" in s3["img"]

    cdn = production_media(QINGFENG_S3_BUCKET=BUCKET, QINGFENG_S3_CUSTOM_DOMAIN="img.example.cn")
    assert cdn["storages"]["default"]["OPTIONS"]["custom_domain"] == "img.example.cn"
    assert cdn["img"] == ["'self'", "data:", "https://img.example.cn"]


@pytest.fixture
def s3_server():
    """A local S3 server (moto's) on 127.0.0.1 with an empty bucket; answers its endpoint URL
    and a client to look into the bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    bucket = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    bucket.create_bucket(Bucket=BUCKET)
    # Anyone may read its files, as the pages link to them (README: Production layout).
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    bucket.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    yield endpoint, bucket
    server.stop()


def a_png(width, height):
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(data, "PNG")
    return data.getvalue()


def read(url):
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the local S3 server
        return response.read()


@pytest.mark.django_db
def test_an_image_uploaded_in_the_admin_is_kept_in_the_bucket(s3_server, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as Picture
    from wagtail.images import get_image_model

    from home import backup

    endpoint, bucket = s3_server
    production = production_media(
        QINGFENG_S3_BUCKET=BUCKET,
        QINGFENG_S3_ENDPOINT_URL=endpoint,
        QINGFENG_S3_REGION="us-east-1",
        QINGFENG_S3_ADDRESSING_STYLE="path",
        **KEYS,
    )
    settings.STORAGES = {**settings.STORAGES, "default": production["storages"]["default"]}
    client.force_login(get_user_model().objects.create_superuser("boss", password="pw-tests"))

    original = a_png(320, 240)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "社区活动照片",
            "description": "居民在会议室听讲座",
            "file": SimpleUploadedFile("huodong.png", original, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="社区活动照片")

    # The original is in the bucket, linked at the bucket, and reads back byte for byte.
    stored = bucket.get_object(Bucket=BUCKET, Key=image.file.name)
    assert stored["Body"].read() == original
    assert stored["CacheControl"] == "public, max-age=86400"
    assert image.file.url == f"{endpoint}/{BUCKET}/{image.file.name}"
    assert read(image.file.url) == original
    # A rendition a page asks for is made from it and kept there too.
    rendition = image.get_rendition("fill-80x60")
    assert rendition.url.startswith(f"{endpoint}/{BUCKET}/images/")
    assert Picture.open(io.BytesIO(read(rendition.url))).size == (80, 60)
    # Nothing was written on this machine, and `make backup` leaves the media to the bucket.
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert backup.media_on_this_machine() is False
