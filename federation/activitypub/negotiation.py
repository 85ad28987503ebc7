"""A post's own address, asked for as ActivityPub, answers with its Article: what Mastodon does
when someone pastes the address into its search. Browsers, which never ask for these types, get
the page as before, with a ``<link rel="alternate" type="application/activity+json">`` to the
Article (``federation.context``).

At a post's address HTML is the default, so only an explicit ActivityStreams request gets JSON:
``application/activity+json``, or ``application/ld+json`` with the ActivityStreams profile (the
two the ActivityPub Recommendation, section 3.2, names), with a q above 0."""

from django.utils.cache import patch_vary_headers

from blog.models import Post
from federation import targets
from federation.activitypub import actor, documents

AS_PROFILE = "https://www.w3.org/ns/activitystreams"


def _parameters(pieces: list[str]) -> dict[str, str]:
    found = {}
    for piece in pieces:
        name, _, value = piece.partition("=")
        found[name.strip().lower()] = value.strip().strip('"')
    return found


def asks_for_activity(accept: str) -> bool:
    """Whether an Accept header asks for ActivityStreams JSON (not merely allows it)."""
    for media_range in accept.split(","):
        kind, *pieces = media_range.split(";")
        kind, parameters = kind.strip().lower(), _parameters(pieces)
        try:
            if float(parameters.get("q", "1")) <= 0:
                continue
        except ValueError:
            continue
        if kind == "application/activity+json":
            return True
        if kind == "application/ld+json" and AS_PROFILE in parameters.get("profile", "").split():
            return True
    return False


class ArticleAtPostAddressMiddleware:
    """Placed before the page cache (which keeps the HTML): an ActivityPub request for a post's
    address gets the Article JSON; any other request goes on untouched. While federation is on,
    the HTML pages say ``Vary: Accept``: the same address answers JSON to another Accept, and a
    cache between us and the reader (a browser's, a CDN's) must not give one for the other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and asks_for_activity(
            request.headers.get("Accept", "")
        ):
            answer = self._article(request)
            if answer is not None:
                return answer
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and actor.is_enabled():
            patch_vary_headers(response, ["Accept"])
        return response

    @staticmethod
    def _article(request):
        if not actor.is_enabled():
            return None
        post = targets.at_path(request.path_info)
        if not isinstance(post, Post) or not documents.is_federated(post):
            return None  # a page, a protected post: the HTML page answers as usual
        from federation.activitypub.views import activity_json  # views import much more

        return activity_json({"@context": documents.CONTEXT, **documents.article(post)})
