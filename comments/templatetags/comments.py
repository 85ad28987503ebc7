from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone

from comments import form_state, thread_cache
from comments.avatars import avatar_url_for
from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings
from comments.permissions import can_change, can_moderate, is_own
from comments.remember import saved_author
from comments.session import own_comment_ids
from comments.threads import build_thread, fetch_reactions, fetch_visible, paginate, walk
from core import cache as kept

register = template.Library()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _thread_context(
    request, post, *, discussion, closed: bool, user, own_ids, moderator, page_number: int
) -> dict:
    """The thread (one query) arranged, paginated and annotated for this reader.

    The same query brings the pingbacks and trackbacks, which are listed apart from the thread."""
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
        newest_first=discussion.order == DiscussionSettings.Order.NEWEST,
    )
    page = paginate(thread, discussion=discussion, page_number=page_number)
    post_url = post.get_absolute_url()
    page_query = f"?cpage={page.number}&" if page.number > 1 else "?"
    for comment in walk(page.object_list):
        comment.url = f"{post_url}{page_query.rstrip('&?')}#comment-{comment.pk}"
        local = timezone.localtime(comment.created_at)
        comment.date_iso = local.replace(microsecond=0).isoformat()
        comment.date_text = formats.date_format(local, "DATETIME_FORMAT")
        comment.avatar_url = avatar_url_for(comment)
        comment.is_mine = is_own(comment, user=user, own_ids=own_ids)
        comment.is_held = comment.status != Comment.Status.APPROVED
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
    return {
        "post_url": post_url,
        "page_query": page_query,
        "count": thread.approved_count,
        "page_obj": page,
        "comments": page.object_list,
        "reply_to": reply_to,
        "pings_html": render_to_string(
            "comments/pings.html", {"pings": pings, "reactions": fetch_reactions(post)}
        ),
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
    shared = not (moderator or own_ids or returned or "replyto" in request.GET) and not (
        signed_in and Comment.objects.filter(post=post, user=user).exists()
    )
    page_number = thread_cache.requested_page(request.GET)
    key = thread_cache.key(post, closed=closed, page_number=page_number)
    cached = kept.get(key) if shared else None
    if cached is not None:
        section.update(cached, post_url=post.get_absolute_url(), reply_to=None)
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
                    "page_number": section["page_obj"].number,
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
