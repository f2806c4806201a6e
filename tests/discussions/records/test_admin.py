"""Staff edit records in the page editor and see them, with progress, in the admin listing."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from discussions.models import FollowUpTask
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", password="pw-for-tests-only"))
    return client


def test_record_listing_shows_progress(admin_client):
    index = factories.discussion_index()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.record(
        index,
        title="支部委员会",
        tasks=[
            FollowUpTask(task="传达", done=True),
            FollowUpTask(task="整改", due_date=yesterday),
        ],
    )
    response = admin_client.get(reverse("meeting_records:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "支部委员会" in html and "1/2" in html


def test_record_editor_opens(admin_client):
    index = factories.discussion_index()
    record = factories.record(index, tasks=[FollowUpTask(task="传达")])
    assert admin_client.get(f"/admin/pages/{record.pk}/edit/").status_code == 200
    add_url = f"/admin/pages/add/discussions/meetingrecordpage/{index.pk}/"
    assert admin_client.get(add_url).status_code == 200
