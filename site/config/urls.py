import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import admin_reports, restrictions, slogan_views
from home import views as home_views
from home.feeds import LatestFeed
from home.subscribe import subscribe

urlpatterns = [
    path("admin/", include(admin_reports.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, ahead of its own routes at the same paths (home/restrictions.py).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        restrictions.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        restrictions.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", home_views.healthz, name="healthz"),
    path("search/", home_views.search, name="search"),
    path("feed/", LatestFeed(), name="feed"),
    path("subscribe/", subscribe, name="subscribe"),
    path("text-size/", home_views.text_size, name="text_size"),
    path("language/", home_views.switch_language, name="switch_language"),
    path("slogans/", slogan_views.slogan_list, name="slogan_list"),
    path("slogans/<int:pk>/poster/", slogan_views.slogan_poster, name="slogan_poster"),
    path("", include("events.urls")),
    path("", include("discussions.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA:
    # Uploaded images and documents from this machine's disk. Several app servers share an
    # S3-compatible store instead, which serves them itself.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

# A database that is briefly unavailable answers the Chinese 503 page, anything else the 500.
handler500 = "home.faults.server_error"
