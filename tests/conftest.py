import pytest
import responses
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


# --- accounts: sign-in provider keys, and the providers' servers ---------------------------------
SIGNIN_KEYS = {
    "google-oauth2": ("GOOGLE_OAUTH2", "google-client-id", "google-secret"),
    "twitter-oauth2": ("TWITTER_OAUTH2", "x-client-id", "x-secret"),
    "facebook": ("FACEBOOK", "facebook-app-id", "facebook-secret"),
}


@pytest.fixture
def providers(settings):
    """Google, X and Facebook all have keys (so each gets a sign-in button)."""
    for prefix, key, secret in SIGNIN_KEYS.values():
        setattr(settings, f"SOCIAL_AUTH_{prefix}_KEY", key)
        setattr(settings, f"SOCIAL_AUTH_{prefix}_SECRET", secret)
    return settings


@pytest.fixture
def no_providers(settings):
    """No provider has keys, whatever the environment of the test run says."""
    for prefix, _key, _secret in SIGNIN_KEYS.values():
        setattr(settings, f"SOCIAL_AUTH_{prefix}_KEY", "")
        setattr(settings, f"SOCIAL_AUTH_{prefix}_SECRET", "")
    return settings


@pytest.fixture
def provider_http():
    """The providers' HTTP endpoints, answered by `responses` (tests add what each answers)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def web_server(settings):
    """A real HTTP server on 127.0.0.1 (``tests/webserver.py``), with loopback fetches allowed
    for this test only (``core.fetch`` refuses them otherwise)."""
    from tests.webserver import WebServer

    settings.FETCH_ALLOW_LOOPBACK = True
    server = WebServer().start()
    yield server
    server.stop()
