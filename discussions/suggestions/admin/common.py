"""What the queue's listing, case screen and dashboard panel share."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.permission_policies import ModelPermissionPolicy

from home.admin_ui import field_label
from home.formatting import person_name

from ..models import Suggestion
from ..workflow import SuggestionStatus as S

CONTACT_PERMISSION = "discussions.view_contact"
HANDLE = "handle"  # the permission policy's action for discussions.handle_suggestion
MENU_LABEL = pgettext_lazy("admin menu", "Suggestions")
# Accepted and not yet closed: the cases someone is working on.
OPEN_STATUSES = (S.ACCEPTED, S.IN_PROGRESS, S.REPLIED, S.FOLLOWED_UP)
ANSWER_PREFIX = "answer:"

policy = ModelPermissionPolicy(Suggestion)


# --- Helpers -----------------------------------------------------------------------------


def handlers():
    """Whom a case can go to: active users who hold the handling permission through their
    groups or their own account. A superuser is listed only as a member of a staff group: the
    site's own account (admin) is nobody to answer for a case. People with a name on file come
    first, by family name."""
    user_model = get_user_model()
    in_a_group = user_model.groups.through.objects.values("user_id")
    return (
        policy.users_with_permission(HANDLE)
        .filter(Q(is_superuser=False) | Q(pk__in=in_a_group))
        .annotate(
            unnamed=Case(
                When(first_name="", last_name="", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("unnamed", "last_name", "first_name", "username")
    )


def staff_label(user):
    """How a member of staff appears in a choice list: 李建国, family name first; the login only
    when no name is on file, marked so that nobody takes it for a person's name."""
    if user.first_name.strip() or user.last_name.strip():
        return person_name(user)
    return _("%(login)s (no name on file)") % {"login": user.get_username()}


def due_date(suggestion):
    """The deadline that runs now: to accept, to reply (or close, when sooner), to close."""
    return suggestion.current_deadline


def due_label(suggestion):
    return field_label(Suggestion, suggestion.current_deadline_field)


def status_label(value):
    return S(value).label if value in S.values else ""


def answer_text(value):
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value)
    return "" if value is None else value


def queue_url(**filters):
    query = urlencode(filters, doseq=True)
    return reverse("suggestions:index") + (f"?{query}" if query else "")


class PersonLabels:
    """Users by name as staff say it, in choice lists and filter labels."""

    def label_from_instance(self, obj):
        return staff_label(obj)


class PersonChoiceField(PersonLabels, forms.ModelChoiceField):
    pass
