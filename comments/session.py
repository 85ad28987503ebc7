"""What the reader's browser session remembers about their comments.

The ids of their own comments (so only they see their held ones, and so an anonymous commenter can
edit or delete theirs) and, when they ask for it, their name, e-mail and website for the form.
Reading an absent session costs no query, so readers without a session cookie pay nothing.
"""

OWN_KEY = "comments:own"
AUTHOR_KEY = "comments:author"
MAX_REMEMBERED = 50


def own_comment_ids(request) -> set[int]:
    session = getattr(request, "session", None)
    if session is None:
        return set()
    return {int(pk) for pk in session.get(OWN_KEY, [])}


def remember_own_comment(request, comment) -> None:
    ids = [pk for pk in request.session.get(OWN_KEY, []) if pk != comment.pk]
    request.session[OWN_KEY] = [*ids, comment.pk][-MAX_REMEMBERED:]


def saved_author(request) -> dict:
    session = getattr(request, "session", None)
    return dict(session.get(AUTHOR_KEY, {})) if session is not None else {}


def save_author(request, *, remember: bool, name: str, email: str, url: str) -> None:
    if remember:
        request.session[AUTHOR_KEY] = {"author": name, "email": email, "url": url}
    else:
        request.session.pop(AUTHOR_KEY, None)
