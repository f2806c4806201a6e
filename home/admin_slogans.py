"""宣传栏标语 in the Wagtail admin: a snippet listing staff reorder by dragging, search in Chinese,
a filter on 启用, and a link from each row to its printable poster."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_ui import field_label, forbidden, refusing_with_403
from .slogans import Slogan

REFUSED = gettext_lazy("This screen is not open to your account. Ask the office if you need it.")


class PosterColumn(Column):
    """打印海报: opens the public poster, where staff choose the paper size."""

    def get_value(self, instance):
        if not instance.enabled:
            return ""
        url = reverse("slogan_poster", args=[instance.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Print poster"))


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
        # A refused screen tells staff plainly, with a real 403, not a bounce to the dashboard.
        return refusing_with_403(
            super().get_urlpatterns(), lambda request: forbidden(request, REFUSED)
        )
