from django import template

from comments.avatars import avatar_url_for, provider_label
from comments.forms import CommentForm
from comments.models import Comment, DiscussionSettings
from comments.permissions import can_change, can_moderate, is_own
from comments.session import own_comment_ids, saved_author
from comments.threads import build_thread, fetch_visible, paginate

register = template.Library()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, post) -> dict:
    """The comment section under a post: the count, the thread and the form.

    One query for the comments (the discussion settings come from the cache)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    discussion = DiscussionSettings.load()
    moderator = can_moderate(user)
    own_ids = own_comment_ids(request)
    comments = fetch_visible(post, user=user, own_ids=own_ids, moderator=moderator)
    thread = build_thread(
        comments,
        max_depth=discussion.max_depth,
        newest_first=discussion.order == DiscussionSettings.Order.NEWEST,
    )
    page = paginate(thread, discussion=discussion, page_number=request.GET.get("cpage", 1))
    closed = discussion.closes_comments_on(post)

    post_url = post.get_absolute_url()
    page_query = f"?cpage={page.number}&" if page.number > 1 else "?"
    for comment in comments:
        comment.url = f"{post_url}{page_query.rstrip('&?')}#comment-{comment.pk}"
        comment.avatar_url = avatar_url_for(comment)
        comment.provider = provider_label(comment)
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

    form = None
    if not closed:
        initial = {"parent": reply_to.pk if reply_to else None}
        if not (user and user.is_authenticated):
            initial.update(saved_author(request))
            initial["remember"] = bool(initial.get("email"))
        form = CommentForm(
            post=post,
            user=user,
            require_name_email=discussion.require_name_email,
            initial=initial,
        )

    return {
        "post": post,
        "post_url": post_url,
        "page_query": page_query,
        "request": request,
        "user": user,
        "count": thread.approved_count,
        "page_obj": page,
        "comments": page.object_list,
        "reply_to": reply_to,
        "closed": closed,
        "form": form,
        "moderator": moderator,
        "signed_in": bool(user and user.is_authenticated),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def pending_comment_count() -> int:
    """For the admin index: how many comments wait for moderation (one query)."""
    return Comment.objects.pending().count()
