"""Cache invalidation only: no business rules live here."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from blog.models import Blog, Category, Page
from blog.navigation import forget_navigation


@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Category)
def navigation_changed(**kwargs) -> None:
    forget_navigation()
