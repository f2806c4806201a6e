"""{% formcache %}: an empty form drawn once and kept, with each visitor's own CSRF token put in.

    {% formcache form "event-register" chrome.version LANGUAGE_CODE state %} … {% endformcache %}

Drawing a form (its widgets' templates, labels, hints) is most of what a page with a form costs
once the page around it comes from fragments. An unbound form is the same for everyone who sees
the same page in the same language and state, but for the CSRF token: the body is drawn with a
placeholder in the token's place, kept in the cache under the page, the host and the values
given (the content version among them), and the token of this request (which also sets or
keeps the visitor's CSRF cookie) goes into the copy on every request. A bound form (a failed
post, with the resident's typed values and errors), a preview and a render without a request
are drawn as usual and never kept.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.template.exceptions import TemplateSyntaxError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

TIMEOUT = 300
_KEY = "qingfeng:form:{name}:{digest}"
# Letters only: escaping leaves it as it is, and no form draws it by itself.
PLACEHOLDER = "qfCsrfTokenPlaceholderXq"


class FormCacheNode(template.Node):
    def __init__(self, nodelist, form, name, vary_on):
        self.nodelist, self.form, self.name, self.vary_on = nodelist, form, name, vary_on

    def _key(self, context, request):
        page = context.get("page")
        parts = [request.get_host(), getattr(page, "cache_key", "")]
        parts += [str(value.resolve(context)) for value in self.vary_on]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return _KEY.format(name=self.name, digest=digest)

    def render(self, context):
        request = context.get("request")
        form = self.form.resolve(context)
        if (
            request is None
            or getattr(request, "is_preview", False)
            or getattr(form, "is_bound", True)
            or "csrf_token" not in context
        ):
            return self.nodelist.render(context)
        key = self._key(context, request)
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=PLACEHOLDER):
                html = str(self.nodelist.render(context))
            cache.set(key, html, TIMEOUT)
        # Evaluating the token marks the CSRF cookie to be set, as {% csrf_token %} does.
        token = str(conditional_escape(str(context["csrf_token"])))
        return mark_safe(html.replace(PLACEHOLDER, token))  # noqa: S308 - drawn by our templates


@register.tag("formcache")
def do_formcache(parser, token):
    nodelist = parser.parse(("endformcache",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise TemplateSyntaxError(
            "'formcache' takes a form, a fragment name and the values it varies on."
        )
    return FormCacheNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(b) for b in bits[3:]],
    )
