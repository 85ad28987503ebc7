"""What the reader's browser session remembers about their comments.

The ids of their own comments (so only they see their held ones, and so an anonymous commenter can
edit or delete theirs). Their name, e-mail and website are kept apart, in a cookie of a year
(comments.remember).
Reading an absent session costs no query, so readers without a session cookie pay nothing.
"""

OWN_KEY = "comments:own"
MAX_REMEMBERED = 50


def own_comment_ids(request) -> set[int]:
    session = getattr(request, "session", None)
    if session is None:
        return set()
    return {int(pk) for pk in session.get(OWN_KEY, [])}


def remember_own_comment(request, comment) -> None:
    ids = [pk for pk in request.session.get(OWN_KEY, []) if pk != comment.pk]
    request.session[OWN_KEY] = [*ids, comment.pk][-MAX_REMEMBERED:]
