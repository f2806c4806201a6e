"""Wagtail's password forms for a private page and a private document folder, with the address
they return to kept to a path on this site.

Wagtail passes the posted ``return_url`` to Django's ``redirect()``, which reads a bare word
such as 'abc' as the name of a URL and fails with a server error. A browser always posts the
private page's own path, so anything else returns to the home page instead.
"""

import functools

from wagtail import views as page_views
from wagtail.documents.views import serve as document_views

from .validation import local_path


def _local_return_url(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and "return_url" in request.POST:
            posted = request.POST.copy()
            posted["return_url"] = local_path(posted["return_url"])
            request.POST = posted
        return view(request, *args, **kwargs)

    return wrapped


page_password = _local_return_url(page_views.authenticate_with_password)
document_password = _local_return_url(document_views.authenticate_with_password)
