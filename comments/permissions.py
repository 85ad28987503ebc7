"""Who may do what with comments: one place, used by views, templates and services."""

from datetime import timedelta

from django.utils import timezone

from comments import conf


def is_trusted(user) -> bool:
    """Staff (moderators are staff too): their comments are approved at once."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def can_moderate(user) -> bool:
    """Staff with the permission to change comments: superusers and the Moderators group.

    Only staff are asked about permissions, so a signed-in reader's page costs no extra query."""
    return is_trusted(user) and user.has_perm("comments.change_comment")


def is_own(comment, *, user, own_ids) -> bool:
    """The reader wrote it: by account when signed in, else by their browser session."""
    if comment.user_id is not None:
        return user is not None and user.is_authenticated and user.pk == comment.user_id
    return comment.pk in own_ids


def within_edit_window(comment, now=None) -> bool:
    minutes = conf.get("COMMENTS_EDIT_MINUTES")
    return (now or timezone.now()) - comment.created_at <= timedelta(minutes=minutes)


def can_change(comment, *, user, own_ids, has_replies: bool) -> bool:
    """A commenter may edit or delete their own comment for a while, and until someone replies."""
    return (
        is_own(comment, user=user, own_ids=own_ids)
        and within_edit_window(comment)
        and not has_replies
        and comment.status != comment.Status.REMOVED
    )
