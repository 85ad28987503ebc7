"""One way to read an app's settings (core.conf.AppSettings): lazy, so ``override_settings``
reaches every app's setting at once, in the code that uses it."""

import pytest
from django.test import override_settings

from accounts.conf import app_settings as accounts_settings
from blog.conf import app_settings as blog_settings
from comments.conf import app_settings as comments_settings
from core.conf import AppSettings
from subscriptions.conf import app_settings as subscriptions_settings
from tests.factories import PostFactory, ReaderFactory

OVERRIDES = {
    "COMMENTS_ACCOUNT_PER_PAGE": 3,
    "ACCOUNTS_DELETED_USER_NAME": "A former reader",
    "BLOG_POSTS_PER_PAGE": 2,
    "COMMENTS_EDIT_MINUTES": 99,
    "SUBSCRIPTIONS_PER_IP": 1,
}


def test_override_settings_changes_every_app_s_setting_at_once():
    with override_settings(**OVERRIDES):
        assert comments_settings.COMMENTS_ACCOUNT_PER_PAGE == 3
        assert accounts_settings.ACCOUNTS_DELETED_USER_NAME == "A former reader"
        assert blog_settings.BLOG_POSTS_PER_PAGE == 2
        assert comments_settings.COMMENTS_EDIT_MINUTES == 99
        assert subscriptions_settings.SUBSCRIPTIONS_PER_IP == 1
    assert accounts_settings.ACCOUNTS_DELETED_USER_NAME == "Deleted user"
    assert blog_settings.BLOG_POSTS_PER_PAGE == 10  # config/settings.py's default
    assert comments_settings.COMMENTS_EDIT_MINUTES == 15


@pytest.mark.django_db
def test_the_settings_once_read_at_import_follow_an_override_in_the_pages(client):
    PostFactory.create_batch(3)
    with override_settings(**OVERRIDES):
        home = client.get("/").content.decode()
        assert home.count('<article class="post-summary') == 2
        reader = ReaderFactory()
        client.force_login(reader)
        delete_page = client.get("/account/delete/").content.decode()
        assert "A former reader" in delete_page
    client.logout()
    assert client.get("/").content.decode().count('<article class="post-summary') == 3


def test_a_name_that_is_not_one_of_the_app_s_settings_is_an_error():
    with pytest.raises(AttributeError):
        _ = AppSettings({"A": 1}).B
    assert AppSettings({"A": 1}).A == 1
