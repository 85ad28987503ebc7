import pytest
from django.core.cache import cache

from tests.factories import PostFactory, UserFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and renditions go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Pages render without a collectstatic manifest (CI never runs collectstatic for tests)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Pages are rendered on every request in tests (so query budgets measure the views); the
    page cache's own tests turn it on with the ``page_cache`` fixture."""
    settings.PAGE_CACHE = False
    settings.PAGE_CACHE_DIR = ""


@pytest.fixture
def page_cache(settings, tmp_path):
    """The page cache on, writing its files to a temporary folder."""
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    return tmp_path / "pagecache"


@pytest.fixture
def author(db):
    return UserFactory(username="writer", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, author):
    client.force_login(author)
    return client


@pytest.fixture
def post(db, author):
    return PostFactory(author=author, title="A Published Post", slug="a-published-post")
