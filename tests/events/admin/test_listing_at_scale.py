"""报名记录 at 100,000 registrations and 1,000 events: the newest rows come from an index in the
listing's own order, the event filter reads the events as ids and titles in one query and draws
the same drop-down as before, and the search tests each row cheaply without finding less."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.templatetags.wagtailadmin_tags import fieldtype, widgettype

from events.admin.registration_filters import RegistrationFilterSet
from events.models import Registration
from tests import factories
from tests.events.admin.helpers import register
from tests.events.helpers import staff, superuser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

LISTING = "/admin/events/registrations/"
INDEX_NAME = "events_reg_created_idx"


def listing_queryset(params=None):
    """The rows query of the listing as a superuser opens it, built by the listing's own view."""
    match = resolve(LISTING)
    view = match.func.view_class(**match.func.view_initkwargs)
    request = RequestFactory().get(LISTING, params or {})
    request.user = superuser()
    view.setup(request)
    return view.get_queryset()[:50]


def test_the_default_order_is_read_from_the_index_without_sorting(event):
    for number in range(1, 6):
        register(event, number)
    queryset = listing_queryset()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # With a handful of rows a sort costs nothing; forbid it to see whether the
            # index can give the order (as it must with 100,000 rows).
            cursor.execute("SET LOCAL enable_sort = off")
        plan = queryset.explain()
        assert f"Index Scan Backward using {INDEX_NAME}" in plan, plan
        assert "Sort" not in plan.replace("Sort Key", ""), plan
    else:
        plan = queryset.explain()
        assert f"USING INDEX {INDEX_NAME}" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_registrations_made_in_the_same_instant_keep_one_order(client, event):
    first, second, third = (register(event, number) for number in (1, 2, 3))
    Registration.objects.update(created_at=timezone.now())
    client.force_login(superuser())
    html = client.get(LISTING).content.decode()
    # Newest first: among equal times, the one made last comes first, on every request.
    positions = [html.index(registration.code) for registration in (third, second, first)]
    assert positions == sorted(positions)
    oldest_first = client.get(LISTING, {"ordering": "created_at"}).content.decode()
    positions = [oldest_first.index(r.code) for r in (first, second, third)]
    assert positions == sorted(positions)


class Meta:
    model = Registration
    fields = ["event", "status", "source"]


# The filter set Wagtail builds from list_filter = ["event", "status", "source"].
WagtailsOwnFilterSet = type("WagtailsOwnFilterSet", (WagtailFilterSet,), {"Meta": Meta})


def test_the_event_filter_draws_what_wagtails_own_filter_draws(index):
    events = [
        factories.event(index, title="廉政知识讲座"),
        factories.event(index, title='“清风”<讲堂> & "问答"'),
        factories.event(index, title="知识竞赛", kind="quiz"),
    ]
    request = RequestFactory().get(LISTING)
    request.user = superuser()
    for data in ({}, {"event": str(events[1].pk)}, {"event": "x"}):
        ours = RegistrationFilterSet(data, request=request).form["event"]
        theirs = WagtailsOwnFilterSet(data, request=request).form["event"]
        assert str(ours) == str(theirs)
        assert ours.label == theirs.label
        # Wagtail styles the field by these names (w-field--select).
        assert (fieldtype(ours), widgettype(ours)) == (fieldtype(theirs), widgettype(theirs))
    html = str(RegistrationFilterSet({}, request=request).form["event"])
    assert "&lt;讲堂&gt; &amp; &quot;问答&quot;" in html
    assert html.index("廉政知识讲座") < html.index("讲堂") < html.index("知识竞赛")


def test_the_event_filter_reads_every_event_in_one_query(index, django_assert_num_queries):
    request = RequestFactory().get(LISTING)
    request.user = superuser()
    for count in (1, 30):
        while len(RegistrationFilterSet.base_filters["event"].queryset.all()) < count:
            factories.event(index)
        with django_assert_num_queries(1):
            html = str(RegistrationFilterSet({}, request=request).form["event"])
        assert html.count("<option") == count + 1  # and "---------"


def test_a_chosen_event_filters_the_listing_and_keeps_its_buttons(client, index):
    lecture = factories.event(index, title="廉政知识讲座")
    quiz = factories.event(index, title="知识竞赛", kind="quiz")
    mine, other = register(lecture, 1), register(quiz, 2)
    client.force_login(staff("officer", "view_registration", "check_in_registration"))
    html = client.get(LISTING, {"event": lecture.pk}).content.decode()
    assert mine.code in html and other.code not in html
    assert f"/admin/events/checkin/{lecture.pk}/" in html  # 签到 for that event in the header


def test_letters_are_found_whatever_their_case(client, index):
    python = factories.event(index, title="Python 入门")
    lecture = factories.event(index, title="廉政知识讲座")
    anna = register(lecture, 1, name="Anna Lee")
    wang = register(python, 2, name="王大明")
    li = register(lecture, 3, name="李四")
    client.force_login(staff("clerk", "view_registration"))

    def found(query):
        html = client.get(LISTING, {"q": query}).content.decode()
        return {r.code for r in (anna, wang, li) if r.code in html}

    assert found("anna") == {anna.code}
    assert found("LEE") == {anna.code}
    assert found("PYTHON") == {wang.code}
    assert found("python 王") == {wang.code}
    assert found(li.code[2:6].lower()) == {li.code}
    # Characters a code never holds (0, 1, I, O) find nothing among the codes, and no error.
    assert found("1O") == set()
    assert found("0000") == set()
