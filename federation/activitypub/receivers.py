"""What ActivityPub hears from blog and comments. Each receiver only enqueues a task (after the
commit), never raises into the caller, and costs nothing while federation is off."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from blog.models import Post
from comments.models import Comment
from federation.activitypub import actor, tasks

logger = logging.getLogger(__name__)


def _enqueue(task, *args) -> None:
    def run():
        try:
            task.enqueue(*args)
        except Exception:
            logger.exception("Could not enqueue %s%s.", task.name, args)

    transaction.on_commit(run)


@receiver([post_save, post_delete], sender=Post, dispatch_uid="federation-ap-post-changed")
def post_changed(sender, instance, **kwargs) -> None:
    """A post was saved or deleted: its followers may need a Create, an Update or a Delete."""
    if actor.is_enabled():
        _enqueue(tasks.article_sync, instance.pk)


@receiver([post_save, post_delete], sender=Comment, dispatch_uid="federation-ap-comment-changed")
def comment_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A reply by someone signed in was saved or deleted: if it answers a Fediverse comment and
    comes from a moderator or the author, the Fediverse gets it (Create), its edit (Update) or
    its removal (Delete). The task works out which, or that nothing is due."""
    if not raw and instance.parent_id and instance.user_id and actor.is_enabled():
        _enqueue(tasks.reply_sync, instance.pk)
