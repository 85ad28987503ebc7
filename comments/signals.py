"""What comments tells the apps above it (they connect; comments imports none of them), and the
comments' own cache invalidation.

Each news signal is sent with ``sender=Comment`` after the comment's transaction commits.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from comments import thread_cache
from comments.models import Comment, DiscussionSettings

# A new comment waits for a moderator (``comment=``).
comment_held = Signal()
# The rules filed a new comment as spam (``comment=``): moderators hear of it in a daily digest.
comment_filed_as_spam = Signal()
# A comment became visible to readers, whether at once or on approval (``comment=``).
comment_published = Signal()
# The commenter asked for e-mail about later comments (``comment=``, ``mode=`` "all"/"replies").
followups_requested = Signal()


@receiver([post_save, post_delete], sender=DiscussionSettings)
def discussion_settings_changed(**kwargs) -> None:
    DiscussionSettings.forget()


@receiver([post_save, post_delete], sender=Comment)
def comment_changed(instance, created=False, **kwargs) -> None:
    if created and not instance.is_approved:
        return  # a new comment held for moderation (or spam) changes no shared thread
    thread_cache.forget_post(instance.post_id)


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL)
def commenter_changed(update_fields=None, **kwargs) -> None:
    # A name or picture shown beside comments may have changed (signing in changes neither).
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return
    thread_cache.forget_all()
