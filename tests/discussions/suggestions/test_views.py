"""What residents see: the form, the tracking code, the status page and the replies board."""

import re

import pytest
import time_machine

from discussions.models import Suggestion
from discussions.models import SuggestionStatus as S
from discussions.suggestions.models import make_field_key
from tests import factories

pytestmark = pytest.mark.django_db

QUESTIONS = [
    ("location", "涉及的地点或楼栋", "singleline", False),
    ("identity", "您的身份", "dropdown", True, "社区居民\n社区党员"),
]


@pytest.fixture
def index():
    return factories.suggestion_index()


@pytest.fixture
def form(index):
    return factories.suggestion_form(index, questions=QUESTIONS)


@pytest.fixture
def staff():
    return factories.staff_user("zhao", "discussions.handle_suggestion")


def answers(**overrides):
    data = {
        "category": "党风廉政",
        "content": "建议在小区宣传栏张贴廉政标语。",
        "location": "3号楼",
        "identity": "社区党员",
        "name": "王久余",
        "phone": "139 0000 1001",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text_of(response):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_form_shows_categories_questions_and_the_notice(client, form):
    response = client.get(form.url)
    html = response.content.decode()
    assert response.status_code == 200
    for category in ("党风廉政", "社区治理", "环境卫生", "其他"):
        assert f'value="{category}"' in html
    assert 'name="location"' in html and "涉及的地点或楼栋" in html
    assert 'name="identity"' in html and "社区党员" in html
    assert 'name="anonymous"' in html and 'name="website"' in html
    assert form.consent_notice in html


def test_a_named_suggestion_gets_a_code_and_its_status_page(client, form):
    response = factories.post_verified(client, form.url, answers())
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.name, suggestion.phone, suggestion.category) == (
        "王久余",
        "13900001001",
        "党风廉政",
    )
    assert suggestion.form_data == {"location": "3号楼", "identity": "社区党员"}
    assert suggestion.consent_at is not None

    done = client.get(response["Location"])
    code = suggestion.tracking_code
    assert f'data-tracking-code="{code}"' in done.content.decode()
    status_url = f"/suggestions/track/{code}/"
    assert f'href="{status_url}"' in done.content.decode()
    assert "139****1001" in done.content.decode()

    status = client.get(status_url)
    assert status.status_code == 200
    assert 'data-status="submitted"' in status.content.decode()


def test_the_done_page_is_only_for_the_browser_that_submitted(client, form):
    factories.post_verified(client, form.url, answers())
    code = Suggestion.objects.get().tracking_code
    other = type(client)()
    assert other.get(f"{form.url}done/{code}/").status_code == 404


def test_a_named_suggestion_waits_for_the_code_and_an_anonymous_one_does_not(client, form):
    named = client.post(form.url, answers())
    assert named.status_code == 200 and "data-verify-code" in named.content.decode()
    assert "139****1001" in named.content.decode() and not Suggestion.objects.exists()
    anonymous = client.post(form.url, answers(anonymous="on", name=None, phone=None))
    assert anonymous.status_code == 302 and Suggestion.objects.count() == 1


def test_anonymous_keeps_no_name_or_phone(client, form):
    response = client.post(
        form.url, answers(anonymous="on", consent=None, name="张三", phone="13900001009")
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.anonymous, suggestion.name, suggestion.phone) == (True, "", None)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": ""}, "请写下您的意见建议"),
        ({"content": "短"}, "至少"),
        ({"content": "长" * 2001}, "2000"),
        ({"category": "不存在的分类"}, "选择"),
        ({"phone": "12345"}, "11位"),
        ({"consent": None}, "个人信息"),
        ({"name": None, "phone": None}, "匿名"),
        ({"identity": None}, "必"),
        ({"location": "楼" * 201}, "200"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_stores_nothing(client, form, overrides, message):
    response = client.post(form.url, answers(**overrides))
    assert response.status_code == 400
    assert message in text_of(response)
    assert not Suggestion.objects.exists()


def test_markup_is_stored_as_typed_and_shown_escaped(client, form, staff):
    script = "<script>alert('x')</script><b>宣传栏</b>"
    factories.post_verified(
        client, form.url, answers(content=script, location="<img src=x onerror=alert(1)>")
    )
    suggestion = Suggestion.objects.get()
    assert suggestion.content == script
    page = client.get(f"/suggestions/track/{suggestion.tracking_code}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<b>宣传栏</b>" not in page


def test_the_honeypot_stores_nothing(client, form):
    response = client.post(form.url, answers(website="http://spam.example"))
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_too_many_submissions_from_one_browser_are_refused(client, form):
    statuses = [
        client.post(form.url, answers(phone=None, name=None, anonymous="on")).status_code
        for _ in range(8)
    ]
    # The first came from a browser with no session yet (counted by address alone); the
    # session that remembers its tracking code counts the next five.
    assert statuses == [302] * 6 + [429, 429]
    assert Suggestion.objects.count() == 6
    assert "请稍后" in text_of(client.post(form.url, answers(anonymous="on")))


def test_a_hall_on_one_address_can_all_submit(form):
    """Forty residents on one Wi-Fi address, each on their own phone, all get through."""
    from django.test import Client

    statuses = []
    for number in range(40):
        resident = Client(REMOTE_ADDR="10.0.0.8")
        data = answers(phone=factories.phone(number))
        statuses.append(factories.post_verified(resident, form.url, data).status_code)
    assert statuses == [302] * 40


def test_the_status_page_leaks_nothing_private(client, form, staff):
    suggestion = factories.suggestion(
        form,
        status=S.CLOSED,
        actor=staff,
        assignee=staff,
        name="王久余",
        phone="13900001001",
    )
    services_note = "内部备注：请书记亲自过问"
    suggestion.events.update(note=services_note)
    html = client.get(f"/suggestions/track/{suggestion.tracking_code}/").content.decode()
    assert 'data-status="closed"' in html
    assert "已开设廉政宣传专栏" in html  # the public reply
    for private in (
        "王久余",
        "王*余",
        "13900001001",
        "1001",
        services_note,
        staff.username,
        suggestion.established,
        suggestion.solved,
        suggestion.measures,
    ):
        assert private not in html


@pytest.mark.parametrize("status", S.values)
def test_every_status_has_its_public_marker(client, form, staff, status):
    suggestion = factories.suggestion(form, status=status, actor=staff)
    html = client.get(f"/suggestions/track/{suggestion.tracking_code}/").content.decode()
    assert f'data-status="{status}"' in html


def test_a_rejected_case_shows_its_reason(client, form, staff):
    suggestion = factories.suggestion(form, status=S.REJECTED, actor=staff)
    html = client.get(f"/suggestions/track/{suggestion.tracking_code}/").content.decode()
    assert suggestion.reject_reason in html


def test_codes_are_looked_up_as_typed(client, form):
    suggestion = factories.suggestion(form)
    code = suggestion.tracking_code
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    response = client.get("/suggestions/track/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/suggestions/track/{code}/"


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/suggestions/track/?code=abc", 400, "12位"),
        ("/suggestions/track/?code=", 400, "查询码"),
        ("/suggestions/track/?code=" + "A" * 300, 400, "12位"),
        ("/suggestions/track/ABCDEFGHJKLM/", 404, "没有找到"),
        ("/suggestions/track/00000000000O/", 400, "12位"),
    ],
)
def test_unknown_or_malformed_codes(client, form, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert message in text_of(response)
    assert "<script>" not in response.content.decode()


def test_markup_in_the_code_path_is_not_echoed(client, form):
    response = client.get("/suggestions/track/<script>alert(1)<%2Fscript>/")
    assert response.status_code in (400, 404)
    assert "<script>alert" not in response.content.decode()


def test_look_ups_are_rate_limited(client, form):
    with time_machine.travel("2030-03-04 09:00 +0800", tick=False) as traveller:
        # A browser that has sent a suggestion has a session: 60 look-ups in 10 minutes.
        session = client.session
        session["suggestion_codes"] = ["ABCDEFGHJKLN"]
        session.save()
        statuses = [client.get("/suggestions/track/ABCDEFGHJKLM/").status_code for _ in range(61)]
        assert statuses == [404] * 60 + [429]
        traveller.shift(600)
        assert client.get("/suggestions/track/ABCDEFGHJKLM/").status_code == 404


def test_the_replies_board_lists_only_what_staff_published(client, form, staff):
    shown = factories.suggestion(form, status=S.REPLIED, actor=staff, name="王久余")
    from discussions.suggestions import services

    services.update_case(
        suggestion=shown, actor=staff, public_summary="建议宣传栏改成廉政专栏", publishable=True
    )
    factories.suggestion(form, status=S.REPLIED, actor=staff, content="另一条未公开的建议内容")
    factories.suggestion(form, status=S.IN_PROGRESS, actor=staff)
    response = client.get("/suggestions/replies/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="reply-item"') == 1
    assert "建议宣传栏改成廉政专栏" in html and "已开设廉政宣传专栏" in html
    assert "王久余" not in html and "另一条未公开" not in html
    assert shown.content not in html  # the staff summary, not the resident's own words


def test_the_replies_board_searches_chinese(client, form, staff):
    from discussions.suggestions import services

    for summary in ("建议宣传栏张贴廉政标语", "希望讲座放在周末", "垃圾清运不及时"):
        item = factories.suggestion(form, status=S.REPLIED, actor=staff)
        services.update_case(suggestion=item, actor=staff, public_summary=summary, publishable=True)

    def found(**params):
        return client.get("/suggestions/replies/", params).content.decode().count('reply-item"')

    assert found(q="标语") == 1
    assert found(q="政廉") == 0
    assert found(q="讲座 周末") == 1
    assert found(q="宣传栏 周末") == 0
    assert found(category="党风廉政") == 3
    assert found(category="不存在", q="<script>") == 0
    assert client.get("/suggestions/replies/", {"page": "x"}).status_code == 200


def test_field_keys_are_stable_ascii(form):
    assert make_field_key("涉及的地点或楼栋") == "she_ji_de_di_dian_huo_lou_dong" or re.fullmatch(
        r"[a-z][a-z0-9_]*", make_field_key("涉及的地点或楼栋")
    )
    assert make_field_key("Phone") == "extra_phone"
    assert make_field_key("123").startswith("field_")
    field = form.form_fields.get(clean_name="location")
    field.label = "地点"
    field.save()
    field.refresh_from_db()
    assert field.clean_name == "location"  # renaming the label keeps the key and the answers


def test_staff_edit_and_preview_a_form_in_the_admin(client, form):
    admin = factories.staff_user("boss", superuser=True)
    client.force_login(admin)
    edit = client.get(f"/admin/pages/{form.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "其他问题" in html and "字段键" in html
    assert 'value="location"' in html  # the stable key, editable
    preview = form.make_preview_request(preview_mode=form.default_preview_mode)
    assert preview.status_code == 200
    assert 'name="category"' in preview.rendered_content


def test_the_form_builder_submissions_link_opens_the_queue(client, form):
    client.force_login(factories.staff_user("boss", superuser=True))
    forms_index = client.get("/admin/forms/")
    assert forms_index.status_code == 200 and form.title in forms_index.content.decode()
    response = client.get(f"/admin/forms/submissions/{form.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?form={form.pk}")


def test_a_form_with_suggestions_cannot_be_deleted(client, index, form):
    factories.suggestion(form)
    client.force_login(factories.staff_user("boss", superuser=True))
    for page in (form, index):
        response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        assert "不能删除" in response.content.decode()
        assert type(page).objects.filter(pk=page.pk).exists()
    assert Suggestion.objects.count() == 1
    empty = factories.suggestion_form(index, title="空表")
    client.post(f"/admin/pages/{empty.pk}/delete/")
    assert not type(empty).objects.filter(pk=empty.pk).exists()


def test_the_form_builders_delete_view_keeps_suggestions(client, form):
    item = factories.suggestion(form)
    client.force_login(factories.staff_user("boss", superuser=True))
    url = f"/admin/forms/submissions/{form.pk}/delete/?selected-submissions={item.pk}"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].endswith(f"?form={form.pk}")
    assert Suggestion.objects.filter(pk=item.pk).exists()
