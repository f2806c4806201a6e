"""宣传栏标语 in the Wagtail admin: a snippet listing staff reorder by dragging, search in Chinese,
a filter on 启用, and a link from each row to its printable poster."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import URLPattern, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_ui import field_label, forbidden
from .slogans import Slogan

REFUSED = gettext_lazy("This screen is not open to your account. Ask the office if you need it.")


class PosterColumn(Column):
    """打印海报: opens the public poster, where staff choose the paper size."""

    def get_value(self, instance):
        if not instance.enabled:
            return ""
        url = reverse("slogan_poster", args=[instance.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Print poster"))


def _refusing_with_403(view):
    # Wagtail's snippet views refuse by raising PermissionDenied, which the admin turns into a
    # redirect to the dashboard; staff are told plainly instead, with a real 403.
    @wraps(view)
    def refusing(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                raise
            return forbidden(
                request,
                _("This screen is not open to your account. Ask the office if you need it."),
            )

    return refusing


class SloganViewSet(SnippetViewSet):
    model = Slogan
    icon = "openquote"
    menu_label = gettext_lazy("Slogans")
    menu_order = 115  # after 通知公告
    add_to_admin_menu = True
    base_url_path = "slogans"
    admin_url_namespace = "slogans"
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["text", "source"]
    list_filter = ["enabled"]
    list_display = [
        TitleColumn("text", label=field_label(Slogan, "text"), url_name="slogans:edit"),
        Column("source", label=field_label(Slogan, "source")),
        BooleanColumn("enabled", label=field_label(Slogan, "enabled")),
        PosterColumn("poster", label=gettext_lazy("Poster")),
    ]

    def get_urlpatterns(self):
        return [
            URLPattern(p.pattern, _refusing_with_403(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in super().get_urlpatterns()
        ]
