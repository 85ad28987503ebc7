"""What comments tells the apps above it (they connect; comments imports none of them), and the
comments' cache invalidation.

Each news signal is sent with ``sender=Comment`` after the comment's transaction commits.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from comments.models import Comment, DiscussionSettings, Reaction
from core import cache as kept

# A new comment waits for a moderator (``comment=``).
comment_held = Signal()
# The rules filed a new comment as spam (``comment=``): moderators hear of it in a daily digest.
comment_filed_as_spam = Signal()
# A comment became visible to readers, whether at once or on approval (``comment=``).
comment_published = Signal()
# The commenter asked for e-mail about later comments (``comment=``, ``mode=`` "all"/"replies").
followups_requested = Signal()


# --- Cache invalidation: every saved or deleted comment goes through here -------------------------
@receiver([post_save, post_delete], sender=Comment)
def comment_changed(*, signal, instance, created=False, **kwargs) -> None:
    """A new comment nobody else sees yet (held, spam) leaves every kept page as it was, so a
    flood of spam cannot empty the cache; any other change to a comment starts a new generation
    (its thread, the post page, the sidebar's newest comments, the feeds; approving a held one
    later is a save of its own)."""
    if signal is post_save and created and not instance.is_approved:
        return
    kept.bump()


@receiver([post_save, post_delete], sender=DiscussionSettings)
def discussion_settings_changed(**kwargs) -> None:
    kept.bump()


@receiver([post_save, post_delete], sender=Reaction)
def reaction_changed(**kwargs) -> None:
    """A like or repost from elsewhere shows under its post at once."""
    kept.bump()
