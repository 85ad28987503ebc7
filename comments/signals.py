"""Cache invalidation only: no business rules live here."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import DiscussionSettings


@receiver([post_save, post_delete], sender=DiscussionSettings)
def discussion_settings_changed(**kwargs) -> None:
    DiscussionSettings.forget()
