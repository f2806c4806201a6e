"""One Content-Security-Policy for the public pages, another for the Wagtail admin.

django-csp applies one policy (CONTENT_SECURITY_POLICY) to every response. The admin needs a
little more than the public pages' strict policy (QINGFENG_ADMIN_CONTENT_SECURITY_POLICY in the
settings says what and why), so responses under the admin's URL prefixes get that policy
instead, unless a view chose its own with django-csp's decorators.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def is_admin_path(path):
    prefixes = settings.QINGFENG_ADMIN_CONTENT_SECURITY_POLICY["URL_PREFIXES"]
    return path.startswith(tuple(prefixes))


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # A page preview runs the whole middleware chain on a stand-in request for the page's
        # public URL (Wagtail's make_preview_request). Its header would be the public policy,
        # whose frame-ancestors 'none' blanks the admin's preview panel: leave the header to
        # the admin request around it.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(
                settings.QINGFENG_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts
