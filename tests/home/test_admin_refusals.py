"""A staff member refused an admin screen gets a 403 page that says so, not a bounce."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer_like(client):
    """A user whose only group opens the admin and nothing in it."""
    group = Group.objects.create(name="只进后台")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = staff_user("door")
    user.groups.add(group)
    client.force_login(user)
    return client


def test_a_refused_wagtail_screen_answers_403_with_the_reason(volunteer_like):
    response = volunteer_like.get("/admin/images/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "data-permission-denied" in page
    assert "没有权限" in page
    # The message is not shown a second time on the next screen.
    assert "没有权限" not in volunteer_like.get("/admin/").content.decode()


def test_other_redirects_to_the_dashboard_pass_unchanged(client):
    user = staff_user("writer", superuser=True)
    response = client.post("/admin/login/", {"username": user.username, "password": "pw"})
    assert response.status_code == 302
