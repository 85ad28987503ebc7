import pytest

from blog.models import Blog
from tests.factories import PostFactory
from tests.federation.mastodon import BLOG_HOST, StandInMastodon


@pytest.fixture
def federation(db, settings):
    """The blog open to the Fediverse at https://blog.example (what a real site's SITE_URL is)."""
    settings.SITE_URL = f"https://{BLOG_HOST}"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, BLOG_HOST, "testserver"]
    # The blog's key pair is made anew in each test: a smaller one is made faster (the stand-in
    # checks our signatures with it all the same; real blogs use 2048 bits).
    settings.FEDERATION_KEY_SIZE = 1024
    blog = Blog.load()
    blog.name, blog.federation_enabled = "The Broadsheet", True
    blog.save()
    return blog


@pytest.fixture
def mastodon(web_server, federation):
    return StandInMastodon(web_server)


@pytest.fixture
def send(client, mastodon, django_capture_on_commit_callbacks):
    """The stand-in POSTs a signed activity to the blog's inbox; the tasks the request enqueues
    after its commit (handling, deliveries) run before this returns, as a worker would run them."""

    def post(activity: dict, **signing):
        with django_capture_on_commit_callbacks(execute=True):
            return mastodon.post(client, activity, **signing)

    return post


@pytest.fixture
def federation_on(db):
    """Webmention's tests: federation on, with the test settings' SITE_URL."""
    blog = Blog.load()
    blog.federation_enabled = True
    blog.save()
    return blog


@pytest.fixture
def federation_off(db):
    blog = Blog.load()
    blog.federation_enabled = False
    blog.save()
    return blog


@pytest.fixture
def target_post(db, author):
    return PostFactory(author=author, title="Aleppo, again", slug="aleppo-again")
