"""What federation hears from the apps below it (connected in ``FederationConfig.ready``)."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from blog.models import Blog, Post

logger = logging.getLogger(__name__)


# --- Webmention: a post published or changed tells the pages it links to -----------------------
@receiver(post_save, sender=Post)
def post_saved(*, instance: Post, raw: bool = False, **kwargs) -> None:
    """Any save: the task works out what is due (nothing for an unchanged post; the links of a
    post no longer public are told once). A scheduled post is looked at when it goes live."""
    if raw or not Blog.current().federation_enabled:
        return
    post_id, when = instance.pk, instance.published_at
    scheduled = instance.status == Post.Status.PUBLISHED and when and when > timezone.now()
    later = when if scheduled else None
    transaction.on_commit(lambda: _enqueue_webmentions(post_id, later))


def _enqueue_webmentions(post_id: int, later) -> None:
    from federation.tasks import send_webmentions

    try:
        if later is not None and send_webmentions.get_backend().supports_defer:
            send_webmentions.using(run_after=later).enqueue(post_id=post_id)
        send_webmentions.enqueue(post_id=post_id)
    except Exception:  # a broken queue never breaks saving a post
        logger.exception("Could not enqueue the webmentions of post %s.", post_id)
