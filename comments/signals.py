"""Cache invalidation only: no business rules live here."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments import thread_cache
from comments.models import Comment, DiscussionSettings


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
