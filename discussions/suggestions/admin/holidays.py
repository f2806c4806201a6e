"""设置 → 节假日: the holidays and make-up working days staff enter for a year the
``chinesecalendar`` release does not know, and the warning shown until somebody knows it."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from ...admin_access import RefusedWith403Mixin
from ..holidays import HolidayDay
from ..workdays import years_without_calendar

MENU_LABEL = gettext_lazy("Holidays")


def warn_unknown_years(request):
    """A warning on the screen for each year deadlines reach that nobody knows the days of."""
    years = years_without_calendar(timezone.localdate())
    if years:
        messages.warning(
            request,
            _(
                "The holidays and make-up working days of %(years)s have not been entered: "
                "deadlines in that year count Monday to Friday as working days. Enter them "
                "under Settings → Holidays."
            )
            % {"years": "、".join(str(year) for year in years)},
        )


class HolidayIndexView(RefusedWith403Mixin, IndexView):
    def get(self, request, *args, **kwargs):
        warn_unknown_years(request)
        return super().get(request, *args, **kwargs)


class HolidayCreateView(RefusedWith403Mixin, CreateView):
    pass


class HolidayEditView(RefusedWith403Mixin, EditView):
    pass


class HolidayDeleteView(RefusedWith403Mixin, DeleteView):
    pass


class HolidayViewSet(ModelViewSet):
    model = HolidayDay
    name = "holidays"
    url_prefix = "holidays"
    icon = "date"
    menu_label = MENU_LABEL
    add_to_settings_menu = True
    index_view_class = HolidayIndexView
    add_view_class = HolidayCreateView
    edit_view_class = HolidayEditView
    delete_view_class = HolidayDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    list_per_page = 100
    ordering = "-date"
    form_fields = ["date", "kind", "name"]
    list_filter = ["kind"]

    list_display = ["day", "kind", "name"]
