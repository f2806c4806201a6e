from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from home import formatting
from home.hooks import home_sections as collect_home_sections

register = template.Library()

register.filter("cn_date", formatting.format_date)
register.filter("cn_datetime", formatting.format_datetime)
register.filter("mask_phone", formatting.mask_phone)


@register.filter
def cn_date_short(value):
    return formatting.format_date(value, weekday=False)


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, current=None):
    """The home page and its live children marked "show in menus"; the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if not site:
        return {"items": []}
    root = site.root_page
    pages = [root, *root.get_children().live().public().in_menu()]

    def is_active(item):
        if not isinstance(current, Page):
            return False
        if item.pk == root.pk:
            return current.pk == root.pk
        return current.path.startswith(item.path)

    return {"items": [(item, is_active(item)) for item in pages], "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if not site or not isinstance(page, Page) or page.depth <= site.root_page.depth:
        return {"ancestors": [], "page": page}
    ancestors = page.get_ancestors().filter(depth__gte=site.root_page.depth)
    return {"ancestors": ancestors, "page": page, "request": request}


@register.simple_tag(takes_context=True)
def home_sections(context, page):
    fragments = collect_home_sections(context.get("request"), page)
    return mark_safe("".join(str(fragment) for fragment in fragments))  # noqa: S308 - app HTML
