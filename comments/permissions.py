"""Who may do what with comments: one place, used by views, templates and services."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from comments.conf import app_settings


def is_trusted(user) -> bool:
    """Staff (moderators are staff too): their comments are approved at once."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


MODERATE_PERMISSION = ("comments", "change_comment")


def can_moderate(user) -> bool:
    """Staff with the permission to change comments: superusers and the Moderators group.

    Only staff are asked about permissions, so a signed-in reader's page costs no extra query.
    A superuser costs none either; other staff one (the permission given directly or through a
    group, asked at once rather than in ``has_perm``'s two queries), remembered on the user
    object for the rest of the request, as ``has_perm`` does."""
    if not is_trusted(user):
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_can_moderate_comments", None)
    if known is None:
        app_label, codename = MODERATE_PERMISSION
        known = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        user._can_moderate_comments = known
    return known


def is_own(comment, *, user, own_ids) -> bool:
    """The reader wrote it: by account when signed in, else by their browser session."""
    if comment.user_id is not None:
        return user is not None and user.is_authenticated and user.pk == comment.user_id
    return comment.pk in own_ids


def within_edit_window(comment, now=None) -> bool:
    minutes = app_settings.COMMENTS_EDIT_MINUTES
    return (now or timezone.now()) - comment.created_at <= timedelta(minutes=minutes)


def can_change(comment, *, user, own_ids, has_replies: bool) -> bool:
    """A commenter may edit or delete their own comment for a while, and until someone replies."""
    return (
        is_own(comment, user=user, own_ids=own_ids)
        and within_edit_window(comment)
        and not has_replies
        and comment.status != comment.Status.REMOVED
    )
