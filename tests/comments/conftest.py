import time

import pytest
from django.core import signing

from comments.forms import TIMESTAMP_SALT, token_key
from tests.factories import UserFactory


def form_timestamp(post, *, age: float = 30) -> str:
    """A form timestamp as the page would have signed it ``age`` seconds ago."""
    return signing.dumps({"post": token_key(post), "at": time.time() - age}, salt=TIMESTAMP_SALT)


def comment_form(post, **overrides) -> dict:
    """What an anonymous reader's browser sends from the post's comment form (for tests outside
    tests/comments, where the ``comment_data`` fixture is not at hand)."""
    data = {
        "comment": "A thoughtful comment.",
        "author": "Ada Reader",
        "email": "ada@example.org",
        "url": "",
        "ts": form_timestamp(post),
        "contact_phone": "",
        "notify": "",
    }
    return {**data, **overrides}


@pytest.fixture
def comment_data(post):
    """What an anonymous reader's browser sends when they fill in the form."""

    def make(**overrides) -> dict:
        data = {
            "comment": "A thoughtful comment.",
            "author": "Ada Reader",
            "email": "ada@example.org",
            "url": "https://ada.example.org/",
            "ts": form_timestamp(overrides.pop("post", post), age=overrides.pop("age", 30)),
            "contact_phone": "",
            "notify": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def create_url(post):
    return f"/comments/post/{post.pk}/"


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group

    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.org")
