from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from blog.models import Page
from comments import form_state, likes, thread_cache
from comments.avatars import avatar_url_for
from comments.conf import app_settings
from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings
from comments.permissions import can_change, can_moderate, is_own
from comments.remember import saved_author
from comments.session import own_comment_ids
from comments.threads import build_thread, fetch_reactions, fetch_visible, fold, paginate, walk
from core import cache as kept

register = template.Library()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


ORDER_LABELS = {"oldest": _("Oldest"), "newest": _("Newest"), "best": _("Best")}


def _thread_context(
    request,
    post,
    *,
    discussion,
    closed: bool,
    user,
    own_ids,
    moderator,
    page_number: int,
    order: str,
    shared: bool,
) -> dict:
    """The thread (one query) arranged, paginated and annotated for this reader.

    The same query brings the pingbacks and trackbacks, which are listed apart from the thread.
    The post's likes cost one more; the reader's own likes are shown only on the page a like
    without JavaScript comes back to (``?liked=1``: never shared), elsewhere likes.js shows them.
    The post's like count costs a query only in a thread that is kept for sharing (once per
    generation) or on that page; a page drawn for one reader alone (a moderator's) leaves it to
    likes.js, so their page costs no more than before."""
    visible = fetch_visible(post, user=user, own_ids=own_ids, moderator=moderator)
    comments = [comment for comment in visible if comment.kind in Comment.CONVERSATION_KINDS]
    pings = [
        comment
        for comment in visible
        if comment.kind not in Comment.CONVERSATION_KINDS
        and comment.status == Comment.Status.APPROVED
    ]
    thread = build_thread(
        comments,
        max_depth=discussion.max_depth,
        order=order,
    )
    page = paginate(thread, discussion=discussion, page_number=page_number)
    post_url = post.get_absolute_url()
    expand = _int_or_none(request.GET.get("cexpand"))

    def address(*, page_number=page.number, order=order, expand=None) -> str:
        query = thread_cache.address_query(
            order=order, default_order=discussion.order, page=page_number, expand=expand
        )
        return f"{post_url}{query}"

    own_likes = None
    if likes.LIKED_PARAM in request.GET:
        own_likes = likes.post_like_state(
            post=post, liker=likes.liker_from_request(request, create=False)
        )
    here = address(expand=expand)
    page_query = f"{here.removeprefix(post_url)}&" if "?" in here else "?"
    for comment in walk(page.object_list):
        comment.url = f"{here}#comment-{comment.pk}"
        local = timezone.localtime(comment.created_at)
        comment.date_iso = local.replace(microsecond=0).isoformat()
        comment.date_text = formats.date_format(local, "DATETIME_FORMAT")
        comment.avatar_url = avatar_url_for(comment)
        comment.is_mine = is_own(comment, user=user, own_ids=own_ids)
        comment.is_held = comment.status != Comment.Status.APPROVED
        comment.must_show = False
        comment.liked = None if own_likes is None else comment.pk in own_likes.liked_comments
        comment.can_change = can_change(
            comment, user=user, own_ids=own_ids, has_replies=comment.reply_count > 0
        )

    reply_to = None
    wanted = _int_or_none(request.GET.get("replyto")) if not closed else None
    if wanted in thread.by_id and thread.by_id[wanted].status == Comment.Status.APPROVED:
        root = thread.by_id[wanted]
        while root.shown_under is not None:
            root = root.shown_under
        if root in page.object_list:
            reply_to = thread.by_id[wanted]
            reply_to.must_show = True
    for comment in walk(page.object_list):
        comment.must_show = comment.must_show or (comment.is_mine and comment.is_held)
    fold(
        page.object_list,
        shown_replies=app_settings.COMMENTS_SHOWN_REPLIES,
        shown_depth=app_settings.COMMENTS_SHOWN_DEPTH,
        unfolded={expand} if expand else frozenset(),
    )
    for comment in walk(page.object_list):
        if comment.folded:
            comment.unfold_url = f"{address(expand=comment.pk)}#comment-{comment.folded[0].pk}"
    return {
        "post_url": post_url,
        "page_query": page_query,
        "thread_address": address(),
        "previous_url": f"{address(page_number=page.number - 1)}#comments",
        "next_url": f"{address(page_number=page.number + 1)}#comments",
        "default_order": discussion.order,
        "order_choices": [
            {
                "value": value,
                "label": label,
                "current": value == order,
                "url": f"{address(page_number=1, order=value)}#comments",
            }
            for value, label in ORDER_LABELS.items()
        ],
        "count": thread.approved_count,
        "page_obj": page,
        "comments": page.object_list,
        "reply_to": reply_to,
        "pings_html": render_to_string(
            "comments/pings.html", {"pings": pings, "reactions": fetch_reactions(post)}
        ),
        "post_like_count": (
            own_likes.post_count
            if own_likes is not None
            else likes.post_like_count(post=post)
            if shared
            else None
        ),
        "post_liked": None if own_likes is None else own_likes.post_liked,
    }


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, post) -> dict:
    """The comment section under a post: the count, the thread and the form.

    One query for the comments (the discussion settings come from the cache). For a reader who
    sees nothing of their own (no session comments, not signed in, not a moderator) the rendered
    thread is shared through the cache, keyed on everything it shows (comments.thread_cache)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    discussion = DiscussionSettings.load()
    moderator = can_moderate(user)
    own_ids = own_comment_ids(request)
    closed = discussion.closes_comments_on(post)
    section = {
        "post": post,
        # Follow-ups and the comments feed are kept per post; a page has neither.
        "on_page": isinstance(post, Page),
        "request": request,
        "user": user,
        "closed": closed,
        "moderator": moderator,
        "signed_in": signed_in,
        "csrf_token": context.get("csrf_token"),
    }

    returned = form_state.peek(request, post)  # a form sent back with errors (comments.views)
    # The shared thread is the one for a reader with nothing of their own in it; a signed-in
    # reader has comments of their own on the post only if one small query finds them.
    personal_query = any(name in request.GET for name in ("replyto", "cexpand", likes.LIKED_PARAM))
    shared = not (moderator or own_ids or returned or personal_query) and not (
        signed_in and Comment.objects.any_by(user.pk, on=post)
    )
    page_number = thread_cache.requested_page(request.GET)
    order = thread_cache.requested_order(request.GET, default=discussion.order)
    key = thread_cache.key(post, closed=closed, page_number=page_number, order=order)
    cached = kept.get(key) if shared else None
    if cached is not None:
        section.update(cached, post_url=post.get_absolute_url(), reply_to=None, post_liked=None)
        section["page_obj"] = {"number": cached["page_number"]}
    else:
        section.update(
            _thread_context(
                request,
                post,
                discussion=discussion,
                closed=closed,
                user=user,
                own_ids=own_ids,
                moderator=moderator,
                page_number=page_number,
                order=order,
                shared=shared,
            )
        )
        section["form"] = _form(request, post, discussion=discussion, closed=closed, user=user,
                                reply_to=section["reply_to"])  # fmt: skip
        section["thread_html"] = render_to_string("comments/thread.html", section)
        if shared:
            kept.put(
                key,
                {
                    "thread_html": section["thread_html"],
                    "pings_html": section["pings_html"],
                    "count": section["count"],
                    "post_like_count": section["post_like_count"],
                    "page_number": section["page_obj"].number,
                    "thread_address": section["thread_address"],
                },
            )
    if "form" not in section:
        section["form"] = _form(
            request, post, discussion=discussion, closed=closed, user=user, reply_to=None
        )
    return section


def _form(request, post, *, discussion, closed: bool, user, reply_to) -> CommentForm | None:
    if closed:
        return None
    signed_in = bool(user and user.is_authenticated)
    if returned := form_state.take(request, post):
        form = CommentForm(
            returned["data"],
            post=post,
            user=user,
            require_name_email=discussion.require_name_email,
        )
        form.is_valid()  # the same errors again, each beside its field
        for error in returned.get("errors", []):
            form.add_error(None, error)
        request.page_status = 400  # the post page answers 400 while it shows them
        return form
    # The saved details only on a page that is the reader's own (a session: never page-cached);
    # on a shared page comments.js fills them in from the same cookie.
    personal = settings.SESSION_COOKIE_NAME in getattr(request, "COOKIES", {})
    saved = saved_author(request) if personal and not signed_in else {}
    initial = {"parent": reply_to.pk if reply_to else None}
    if not signed_in:
        initial.update(saved)
        initial["remember"] = bool(initial.get("email"))
    return CommentForm(
        post=post,
        user=user,
        require_name_email=discussion.require_name_email,
        initial=initial,
    )


@register.simple_tag
def post_comments_feed_url(post) -> str:
    """The post's comment feed, at WordPress's address (its permalink plus ``feed/``)."""
    return f"{post.get_absolute_url()}feed/"


@register.inclusion_tag("comments/feed_link.html", takes_context=True)
def post_comments_feed_link(context, post) -> dict:
    """The ``<link rel="alternate">`` of the post's comment feed, for the page's head."""
    return {"post": post, "site": context.get("site"), "url": post_comments_feed_url(post)}


@register.simple_tag
def pending_comment_count() -> int:
    """For the admin index: how many comments wait for moderation (one query)."""
    return Comment.objects.pending().count()
