"""Like and unlike a comment or a post: POSTs from forms on cached pages (origin-checked like
the comment form, rate-limited), answered with JSON for likes.js or, without JavaScript, a
redirect back to the thing liked; and the counts of a post's page in one small GET."""

from urllib.parse import urlsplit, urlunsplit

from django.db.models import Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from blog.models import Page, Post
from comments import likes
from comments.conf import app_settings
from comments.models import Comment
from comments.views import notice
from core.csrf import same_origin_post
from core.ratelimit import limit_exceeded, too_many_requests
from core.redirects import safe_next

TOO_MANY_MESSAGE = _("You are liking very quickly. Please wait a moment and try again.")
LOCKED_MESSAGE = _("This post is protected by a password. Give the password on its page first.")
LIKED_PARAM = likes.LIKED_PARAM


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request, *, default: str) -> str:
    """Where the form came from (its ``next``, a path on this site), marked as just liked."""
    address = safe_next(request, request.POST.get("next"), default=default)
    scheme, netloc, path, query, fragment = urlsplit(address)
    kept = [part for part in query.split("&") if part and not part.startswith(f"{LIKED_PARAM}=")]
    query = "&".join([*kept, f"{LIKED_PARAM}=1"])
    return urlunsplit((scheme, netloc, path, query, fragment))


def _answer(request, *, liker, count: int, liked: bool, back: str):
    if _wants_json(request):
        response = JsonResponse({"count": count, "liked": liked})
    else:
        response = HttpResponseRedirect(_back(request, default=back), status=303)
    response["Cache-Control"] = "private, no-store"
    likes.remember_liker(response, liker=liker, secure=request.is_secure())
    return response


def _refused(request):
    """A 429 (JSON or the error page) when this reader likes too fast, else None."""
    wait = limit_exceeded(request, "like", app_settings.COMMENTS_LIKE_RATE, key=("ip", "user"))
    if not wait:
        return None
    if _wants_json(request):
        response = JsonResponse({"error": str(TOO_MANY_MESSAGE)}, status=429)
        response["Retry-After"] = str(wait)
        return response
    return too_many_requests(request, retry_after=wait, message=TOO_MANY_MESSAGE)


def _locked(request, target):
    """A 403 (JSON or the error page) while this reader has yet to give the post's password:
    its comments, their likes and its own are hidden from them until then."""
    if not target.is_locked_for(request):
        return None
    if _wants_json(request):
        return JsonResponse({"error": str(LOCKED_MESSAGE)}, status=403)
    return notice(request, title=_("Password needed"), message=LOCKED_MESSAGE, status=403,
                  post=target)  # fmt: skip


def _likeable_comment(pk: int) -> Comment:
    """An approved comment (not a ping) on a published post or page, else 404."""
    comments = (
        Comment.objects.approved()
        .conversation()
        .filter(Q(post__in=Post.objects.published()) | Q(page__in=Page.objects.published()))
    )
    return get_object_or_404(comments.select_related("post", "page"), pk=pk)


@same_origin_post  # the button is on cached pages: see core/csrf.py
@require_POST
def comment_like(request, pk: int, undo: bool = False):
    comment = _likeable_comment(pk)
    if refusal := _locked(request, comment.target) or _refused(request):
        return refusal
    liker = likes.liker_from_request(request, create=True)
    change = likes.comment_unlike if undo else likes.comment_like
    change(comment=comment, liker=liker)
    return _answer(
        request,
        liker=liker,
        count=likes.comment_like_count(comment=comment),
        liked=not undo,
        back=comment.get_absolute_url(),
    )


@same_origin_post
@require_POST
def post_like(request, post_id: int, undo: bool = False):
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if refusal := _locked(request, post) or _refused(request):
        return refusal
    liker = likes.liker_from_request(request, create=True)
    change = likes.post_unlike if undo else likes.post_like
    change(post=post, liker=liker)
    return _answer(
        request,
        liker=liker,
        count=likes.post_like_count(post=post),
        liked=not undo,
        back=f"{post.get_absolute_url()}#post-likes",
    )


@never_cache
@require_GET
def post_like_state(request, post_id: int):
    """The post's like counts and this reader's likes on it, for likes.js: cached pages carry
    counts as they were when kept, and never a reader's own."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    return _locked(request, post) or _like_state(request, post)


@never_cache
@require_GET
def page_like_state(request, page_id: int):
    """The same for a page's comments (a page itself takes no likes)."""
    return _like_state(request, get_object_or_404(Page.objects.published(), pk=page_id))


def _like_state(request, target):
    liker = likes.liker_from_request(request, create=False)
    state = likes.post_like_state(post=target, liker=liker)
    response = JsonResponse(state.as_json())
    response["Cache-Control"] = "private, no-cache, max-age=0"
    return response
