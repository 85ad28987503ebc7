import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory


@pytest.fixture
def moderators_group(db):
    group, _ = Group.objects.get_or_create(name="Moderators")
    return group


@pytest.fixture
def moderator(moderators_group):
    user = UserFactory(username="mod", email="mod@example.com", is_staff=True)
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def change_comment_permission(db):
    return Permission.objects.get(content_type__app_label="comments", codename="change_comment")
