"""The blog's identity (name, zone, language, permalinks) is asked for by many parts of one page:
it is read from the shared cache once per request, and a request that changes it sees the change."""

import pytest
from django.core.cache import caches

from blog.models import BLOG_CACHE_KEY, Blog
from core import cache as kept

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog_reads(monkeypatch):
    """How many times the blog's row is read from the shared cache."""
    backend = caches["default"]
    real_get, reads = backend.get, []

    def counting_get(key, *args, **kwargs):
        if key == BLOG_CACHE_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    return reads


def test_a_post_page_reads_the_blog_from_the_cache_once(client, post, blog_reads):
    address = post.get_absolute_url()
    client.get(address)  # the row is now in the cache
    blog_reads.clear()
    response = client.get(address)
    assert response.status_code == 200
    assert "A Published Post" in response.text
    assert len(blog_reads) == 1  # nine times before: middleware, URLs, sidebar, meta, ...


def test_each_request_reads_it_afresh(client, post, blog_reads):
    client.get("/")
    blog = Blog.load()
    blog.name = "A New Name"
    blog.save()  # forgotten by blog.signals
    assert "A New Name" in client.get("/").text


def test_the_request_that_changes_the_blog_sees_the_change():
    kept._start_request()
    try:
        assert Blog.current().name != "Renamed Within The Request"
        blog = Blog.load()
        blog.name = "Renamed Within The Request"
        blog.save()
        assert Blog.current().name == "Renamed Within The Request"
    finally:
        kept._end_request()


def test_outside_a_request_every_call_reads_the_cache(blog_reads):
    Blog.current()
    Blog.current()
    assert len(blog_reads) == 2
