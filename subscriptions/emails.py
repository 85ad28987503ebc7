"""The e-mail messages: who they are from, what they say, and their unsubscribe link.

Each builder reads the database *when the message is sent* (inside the background task) and
returns None when the message is no longer due: the subscription was cancelled or never
confirmed, the comment was removed or already moderated, the reader opted out.
"""

import datetime
import re
from email.utils import formataddr, parseaddr

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment
from comments.moderation import SPAM_RULES
from subscriptions import tokens
from subscriptions.conf import app_settings
from subscriptions.models import EmailOptOut, FollowUpSubscription, PostSubscription

ONE_CLICK = "List-Unsubscribe=One-Click"


# --- The blog's identity, in one place ----------------------------------------------------------
def blog_name() -> str:
    return apps.get_model("blog", "Blog").load().name


def sender() -> str:
    """DEFAULT_FROM_EMAIL's address, under the blog's current name."""
    return formataddr((blog_name(), parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def comment_email(comment: Comment | None) -> str:
    """The address a comment was written from: the account's, else the one typed in the form."""
    if comment is None:
        return ""
    if comment.user_id and comment.user and comment.user.email:
        return normalize_email(comment.user.email)
    return normalize_email(comment.author_email)


def unsubscribe_url(*, kind: str, ref: int | str, email: str) -> str:
    token = tokens.unsubscribe_token(kind=kind, ref=ref, email=email)
    return absolute(reverse("subscriptions:unsubscribe", kwargs={"token": token}))


def confirm_url(*, kind: str, pk: int, email: str, mode: str = "") -> str:
    token = tokens.confirm_token(kind=kind, pk=pk, email=email, mode=mode)
    return absolute(reverse("subscriptions:confirm", kwargs={"token": token}))


def admin_change_url(comment: Comment) -> str:
    try:
        path = reverse("admin:comments_comment_change", args=[comment.pk])
    except NoReverseMatch:  # the comment admin is not registered in this build
        path = f"/admin/comments/comment/{comment.pk}/change/"
    return absolute(path)


def render(*, template: str, to: str, subject: str, context: dict, unsubscribe: str):
    context = {
        "blog_name": blog_name(),
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        **context,
    }
    # No line breaks can reach a header; no-break spaces stay (French puts them before « : »).
    subject = re.sub(r"[^\S\u00a0\u202f]+", " ", subject).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"subscriptions/email/{template}.txt", context),
        from_email=sender(),
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": ONE_CLICK,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"subscriptions/email/{template}.html", context), "text/html"
    )
    return message


# --- One builder per kind of message ------------------------------------------------------------
def build_confirm(*, to: str, kind: str, subscription: int, mode: str = ""):
    """The double opt-in message. It carries nothing the requester typed: no name, no text."""
    if kind == tokens.KIND_POSTS:
        row = PostSubscription.objects.filter(pk=subscription, email=to).first()
        post = None
    else:
        row = (
            FollowUpSubscription.objects.select_related("post")
            .filter(pk=subscription, email=to)
            .first()
        )
        post = row.post if row else None
    if row is None:
        return None
    name = blog_name()
    if post is None:
        subject = _("[%(blog)s] Confirm your subscription to new posts") % {"blog": name}
    else:
        subject = _("[%(blog)s] Confirm your subscription to comments on “%(title)s”") % {
            "blog": name,
            "title": post.title,
        }
    return render(
        template="confirm",
        to=to,
        subject=subject,
        context={
            "post": post,
            "post_url": absolute(post.get_absolute_url()) if post else "",
            "replies_only": mode == FollowUpSubscription.Mode.REPLIES,
            "confirm_url": confirm_url(kind=kind, pk=row.pk, email=to, mode=mode),
        },
        unsubscribe=unsubscribe_url(kind=kind, ref=row.pk, email=to),
    )


def comment_context(comment: Comment) -> dict:
    return {
        "comment": comment,
        "post": comment.target,  # a post, or a page (which has no follow-ups and no author)
        "post_url": absolute(comment.target.get_absolute_url()),
        "comment_url": absolute(comment.get_absolute_url()),
    }


def _comment(pk: int, status: str) -> Comment | None:
    return (
        Comment.objects.select_related("post", "page", "user", "parent__user")
        .filter(pk=pk, status=status)
        .first()
    )


def _opted_out(email: str, topic: str) -> bool:
    return EmailOptOut.objects.filter(email=normalize_email(email), topic=topic).exists()


def build_moderation(*, to: str, comment: int):
    found = _comment(comment, Comment.Status.PENDING)
    if found is None or _opted_out(to, EmailOptOut.Topic.MODERATION):
        return None
    return render(
        template="moderation",
        to=to,
        subject=_("[%(blog)s] Please moderate: “%(title)s”")
        % {"blog": blog_name(), "title": found.target.title},
        context={
            **comment_context(found),
            "queue_url": absolute(app_settings.COMMENTS_MODERATION_PATH),
            "admin_url": admin_change_url(found),
        },
        unsubscribe=unsubscribe_url(
            kind=tokens.KIND_OPTOUT, ref=EmailOptOut.Topic.MODERATION, email=normalize_email(to)
        ),
    )


def spam_digest_comments(*, since, until):
    """The comments the rules filed as spam between ``since`` and ``until`` and still spam."""
    return (
        Comment.objects.spam()
        .filter(moderation_rule__in=SPAM_RULES, created_at__gt=since, created_at__lte=until)
        .select_related("post", "page", "user")
        .order_by("-created_at", "-pk")
    )


def build_spam_digest(*, to: str, since: str, until: str):
    if _opted_out(to, EmailOptOut.Topic.MODERATION):
        return None
    found = spam_digest_comments(
        since=datetime.datetime.fromisoformat(since), until=datetime.datetime.fromisoformat(until)
    )
    count = found.count()
    if not count:
        return None
    size = app_settings.COMMENTS_SPAM_DIGEST_SIZE
    listed = list(found[:size])
    return render(
        template="spam_digest",
        to=to,
        subject=ngettext(
            "[%(blog)s] %(count)s comment filed as spam",
            "[%(blog)s] %(count)s comments filed as spam",
            count,
        )
        % {"blog": blog_name(), "count": count},
        context={
            "comments": listed,
            "count": count,
            "more": count - len(listed),
            "spam_url": absolute(reverse("comments:queue-spam")),
        },
        unsubscribe=unsubscribe_url(
            kind=tokens.KIND_OPTOUT, ref=EmailOptOut.Topic.MODERATION, email=normalize_email(to)
        ),
    )


def build_author(*, to: str, comment: int):
    found = _comment(comment, Comment.Status.APPROVED)
    if found is None or _opted_out(to, EmailOptOut.Topic.AUTHOR):
        return None
    return render(
        template="author",
        to=to,
        subject=_("[%(blog)s] New comment on your post “%(title)s”")
        % {"blog": blog_name(), "title": found.post.title},
        context=comment_context(found),
        unsubscribe=unsubscribe_url(
            kind=tokens.KIND_OPTOUT, ref=EmailOptOut.Topic.AUTHOR, email=normalize_email(to)
        ),
    )


def build_followup(*, to: str, comment: int, subscription: int):
    found = _comment(comment, Comment.Status.APPROVED)
    row = (
        FollowUpSubscription.objects.confirmed()
        .filter(pk=subscription, email=to, post_id=found.post_id if found else None)
        .first()
    )
    if found is None or row is None:
        return None
    is_reply = found.parent_id is not None and comment_email(found.parent) == to
    if row.mode == FollowUpSubscription.Mode.REPLIES and not is_reply:
        return None
    title = found.post.title
    if is_reply:
        subject = _("[%(blog)s] %(name)s replied to your comment on “%(title)s”") % {
            "blog": blog_name(),
            "name": found.display_name,
            "title": title,
        }
    else:
        subject = _("[%(blog)s] New comment on “%(title)s”") % {"blog": blog_name(), "title": title}
    return render(
        template="followup",
        to=to,
        subject=subject,
        context={**comment_context(found), "is_reply": is_reply, "subscription": row},
        unsubscribe=unsubscribe_url(kind=tokens.KIND_FOLLOWUPS, ref=row.pk, email=to),
    )


def build_announcement(*, to: str, post: int, subscription: int):
    found = apps.get_model("blog", "Post").objects.published().unprotected().filter(pk=post).first()
    row = PostSubscription.objects.confirmed().filter(pk=subscription, email=to).first()
    if found is None or row is None:
        return None
    return render(
        template="announcement",
        to=to,
        subject=f"[{blog_name()}] {found.title}",
        context={"post": found, "post_url": absolute(found.get_absolute_url())},
        unsubscribe=unsubscribe_url(kind=tokens.KIND_POSTS, ref=row.pk, email=to),
    )


BUILDERS = {
    "confirm": build_confirm,
    "moderation": build_moderation,
    "spam_digest": build_spam_digest,
    "author": build_author,
    "followup": build_followup,
    "announcement": build_announcement,
}


def blog_language() -> str:
    return apps.get_model("blog", "Blog").current().language


def build(kind: str, *, to: str, ref: dict):
    """The message in the blog's language (the worker has no request to take it from)."""
    with translation.override(blog_language()):
        return BUILDERS[kind](to=to, **ref)
