from django import template
from django.conf import settings
from wagtail.models import Page

from home import formatting
from home.routing import routed_ancestors

register = template.Library()

register.filter("cn_date", formatting.format_date)
register.filter("cn_datetime", formatting.format_datetime)
register.filter("mask_phone", formatting.mask_phone)
register.filter("mask_name", formatting.mask_name)
register.filter("group_code", formatting.group_code)
register.filter("minutes_seconds", formatting.minutes_seconds)
register.filter("option_letter", formatting.option_letter)


@register.filter
def cn_date_short(value):
    return formatting.format_date(value, weekday=False)


def _is_within(page, entry):
    return isinstance(page, Page) and page.path.startswith(entry["path"])


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, current=None):
    """The home page and its menu children from the cached chrome, the current section marked."""
    chrome = context.get("chrome")
    if not chrome:
        return {"items": []}
    root = chrome["root"]
    items = [(root, isinstance(current, Page) and current.pk == root["pk"])]
    items += [(entry, _is_within(current, entry)) for entry in chrome["menu"]]
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """Home › … › this page. A top-level page needs no query: its only ancestor is the root."""
    chrome = context.get("chrome")
    if not chrome or not isinstance(page, Page) or page.depth <= chrome["root"]["depth"]:
        return {"ancestors": [], "page": page}
    root = chrome["root"]
    ancestors = [root]
    if page.depth > root["depth"] + 1:
        # A page found by home.routing already holds its ancestors; otherwise one query.
        between = routed_ancestors(page)
        if between is None:
            between = page.get_ancestors().only("title", "url_path")
        between = [p for p in between if p.depth > root["depth"]]
        ancestors += [{"title": p.title, "url": p.get_url()} for p in between]
    return {"ancestors": ancestors, "page": page}


@register.simple_tag
def site_name():
    """清风: the name the admin's window title and sign-in page carry instead of "Wagtail"."""
    return settings.WAGTAIL_SITE_NAME
