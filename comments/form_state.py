"""A comment form with errors, handed from the create view to the post page.

The create view keeps what was typed (and why it was not posted) in the session and redirects to
the post's form; the comment section takes it back once and shows the form with the errors in
place. A reader with a session always gets a freshly rendered page (never the page cache), so the
state cannot leak to anyone else; the state is for one post and is dropped once shown.
"""

from django.conf import settings

from comments.models import target_key

SESSION_KEY = "comments:form-state"
#: Fields kept (never the CSRF token; the ts is kept so the form stays the same form).
KEPT_FIELDS = ("comment", "author", "email", "url", "remember", "notify", "parent", "ts")


def keep(request, *, post, data, errors: list[str] = (), parent=None) -> None:
    """Remember the sent form of ``post``: its ``data``, and errors that are not a field's."""
    request.session[SESSION_KEY] = {
        "post": target_key(post),  # a post and a page may share an id
        "data": {name: data.get(name, "") for name in KEPT_FIELDS if name in data},
        "errors": [str(error) for error in errors],  # lazy translations, as text
        "parent": parent.pk if parent else None,
    }


def peek(request, post) -> dict | None:
    """The kept form of this post, if any (it stays until ``take``). A reader without a session
    cookie has none, and their session is not even looked at (that would mark the page as
    varying by cookie)."""
    session = getattr(request, "session", None)
    if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    if SESSION_KEY not in session:
        return None
    state = session[SESSION_KEY]
    if not isinstance(state, dict) or state.get("post") != target_key(post):
        return None
    return state


def take(request, post) -> dict | None:
    """The kept form of this post, forgotten as it is handed over."""
    state = peek(request, post)
    if state is not None:
        del request.session[SESSION_KEY]
    return state
