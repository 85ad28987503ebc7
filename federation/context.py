"""What the templates need from federation (a context processor in config/settings.py)."""

from blog.models import Blog
from federation import webmention


def links(request) -> dict:
    """``webmention_endpoint``: base.html's ``<link rel="webmention">`` on posts and pages;
    ``fediverse_on``: a post page links to its ActivityPub Article (blog/post_detail.html)."""
    on = Blog.current().federation_enabled
    return {
        "webmention_endpoint": webmention.endpoint_url() if webmention.advertises(request) else "",
        "fediverse_on": on,
    }
