"""Readers' likes: once per account or per browser, no sign-in needed (issue 19 item 3).

Who likes is a ``Liker``: the signed-in account, else the browser, known by a long-lived random
id in its ``LIKER_COOKIE`` (set on its first like) and stored only as a keyed hash. Liking again
changes nothing; unliking is a call of its own. ``Comment.like_count`` is kept here, by an
``UPDATE ... SET like_count = like_count + 1`` in the like's own transaction, so two likes at
once count two. The update is a queryset update: it sends no ``post_save``, so a like leaves the
cache's generation (and every kept page) as it was; readers with JavaScript fetch fresh counts
in one small request (``post_like_state``).
"""

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.crypto import salted_hmac

from blog.models import Post
from comments.like_models import CommentLike, PostLike
from comments.models import Comment

LIKER_COOKIE = "broadsheet_liker"
#: Two years: a browser is remembered as long as it keeps the cookie.
LIKER_COOKIE_AGE = 2 * 365 * 24 * 3600
_HASH_SALT = "comments.likes.browser"
#: Added to the address a like without JavaScript returns to: a page with it is rendered for
#: this reader (the page cache and the shared thread pass it by), so they see their like counted
#: and may take it back.
LIKED_PARAM = "liked"


@dataclass(frozen=True)
class Liker:
    """One reader: an account (``user_id``) or a browser (``browser``, the hashed id)."""

    user_id: int | None = None
    browser: str = ""
    #: The raw id when it is new (the response must set the cookie), else "".
    new_cookie: str = ""

    def filters(self) -> dict:
        return {"user_id": self.user_id} if self.user_id else {"browser": self.browser}


def browser_hash(cookie_value: str) -> str:
    return salted_hmac(_HASH_SALT, cookie_value, algorithm="sha256").hexdigest()


def liker_from_request(request, *, create: bool) -> Liker | None:
    """The reader making ``request``; None for a browser without the cookie unless ``create``
    (then a new id is drawn, to be set with ``remember_liker``)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Liker(user_id=user.pk)
    cookie = request.COOKIES.get(LIKER_COOKIE, "")
    if 20 <= len(cookie) <= 64 and cookie.isascii():
        return Liker(browser=browser_hash(cookie))
    if not create:
        return None
    fresh = secrets.token_urlsafe(24)
    return Liker(browser=browser_hash(fresh), new_cookie=fresh)


def remember_liker(response, *, liker: Liker, secure: bool) -> None:
    if liker.new_cookie:
        response.set_cookie(
            LIKER_COOKIE,
            liker.new_cookie,
            max_age=LIKER_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )


def _like(model, *, liker: Liker, **thing) -> bool:
    """Store the like once; True when it is new."""
    try:
        with transaction.atomic():
            _, created = model.objects.get_or_create(**thing, **liker.filters())
    except IntegrityError:  # the same reader's other request won the race
        return False
    return created


def comment_like(*, comment: Comment, liker: Liker) -> bool:
    """The reader likes the comment; True when that is new (else nothing changed)."""
    with transaction.atomic():
        created = _like(CommentLike, liker=liker, comment=comment)
        if created:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    return created


def comment_unlike(*, comment: Comment, liker: Liker) -> bool:
    """The reader no longer likes the comment; True when they did."""
    with transaction.atomic():
        deleted, _ = CommentLike.objects.filter(comment=comment, **liker.filters()).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(
                like_count=Greatest(F("like_count") - deleted, 0)
            )
    return bool(deleted)


def post_like(*, post, liker: Liker) -> bool:
    with transaction.atomic():
        return _like(PostLike, liker=liker, post=post)


def post_unlike(*, post, liker: Liker) -> bool:
    with transaction.atomic():
        deleted, _ = PostLike.objects.filter(post=post, **liker.filters()).delete()
    return bool(deleted)


def comment_like_count(*, comment: Comment) -> int:
    return Comment.objects.filter(pk=comment.pk).values_list("like_count", flat=True).first() or 0


def post_like_count(*, post) -> int:
    """The post's likes; a page takes none (only its comments do)."""
    if not isinstance(post, Post):
        return 0
    return PostLike.objects.filter(post=post).count()


@dataclass
class LikeState:
    """A post's counts, and what this reader likes there (for likes.js, and fresh pages)."""

    post_count: int
    comment_counts: dict[int, int]
    post_liked: bool = False
    liked_comments: frozenset[int] = frozenset()

    def as_json(self) -> dict:
        return {
            "post": {"count": self.post_count, "liked": self.post_liked},
            "comments": {str(pk): count for pk, count in self.comment_counts.items()},
            "liked": sorted(self.liked_comments),
        }


def post_like_state(*, post, liker: Liker | None) -> LikeState:
    """Counts of the post and of its approved comments that have likes, and this reader's likes
    on the page: two queries, three with a reader who has liked before. ``post`` may be a page:
    its comments' likes only (one query less)."""
    counts = dict(
        Comment.objects.approved()
        .for_post(post)
        .filter(like_count__gt=0)
        .values_list("pk", "like_count")
    )
    state = LikeState(post_count=post_like_count(post=post), comment_counts=counts)
    if liker is not None:
        state.liked_comments = frozenset(
            CommentLike.objects.filter(
                comment__in=Comment.objects.for_post(post), **liker.filters()
            ).values_list("comment_id", flat=True)
        )
        if isinstance(post, Post):
            state.post_liked = PostLike.objects.filter(post=post, **liker.filters()).exists()
    return state
