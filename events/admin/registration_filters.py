"""报名记录's filters: by event, status and source.

With a thousand events the event filter was the dearest part of the listing: Django built a
full page object for every event to list its title, then drew each of the thousand options
through a template of its own. Here the choices are read as (id, title) pairs in one narrow
query, and the options are written out in one go; staff see the same list, in the same order.
The chosen event itself is still read whole (the listing's header buttons need it).
"""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.admin.filters import WagtailFilterSet

from home.admin_ui import field_label

from ..models import EventPage, Registration


class TitleChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The choices as (id, title) pairs, without a model object for each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for pk, title in self.queryset.values_list("pk", "title"):
            yield (ModelChoiceIteratorValue(pk, None), title)


# The two classes below carry the names of Django's own: Wagtail names a field's wrapper after
# them (w-field--model_choice_field w-field--select), and its styles for a drop-down hang on that.


class Select(forms.Select):
    """A drop-down written out in Python, the same markup as Django's select templates but
    without rendering one template per option (no option groups, no attributes per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        options = "".join(
            f'\n  <option value="{escape(option_value)}"'
            f"{' selected' if str(option_value) in selected else ''}>{escape(label)}</option>\n"
            for option_value, label in self.choices
        )
        # The attributes in their own order, as django/forms/widgets/attrs.html writes them.
        attributes = "".join(
            f" {escape(key)}" if given is True else f' {escape(key)}="{escape(given)}"'
            for key, given in self.build_attrs(self.attrs, attrs).items()
            if given is not False
        )
        return mark_safe(  # noqa: S308 - every name, value and label escaped above
            f'<select name="{escape(name)}"{attributes}>{options}\n</select>'
        )


class ModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = TitleChoiceIterator
    widget = Select


class EventFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField


class RegistrationFilterSet(WagtailFilterSet):
    # Every event, in the page tree's order, as the filter Wagtail builds for the field lists.
    event = EventFilter(
        queryset=EventPage.objects.order_by("path"), label=field_label(Registration, "event")
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "source"]
