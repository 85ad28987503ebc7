"""Cache invalidation only: no business rules live here."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from blog.models import Blog, Category, Page, Post, Tag
from blog.navigation import forget_navigation
from blog.sidebar import forget_related, forget_sidebar


@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Category)
def navigation_changed(**kwargs) -> None:
    forget_navigation()


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
@receiver(m2m_changed, sender=Post.categories.through)
# A string sender: the sidebar shows recent comments, but blog does not import comments.
@receiver([post_save, post_delete], sender="comments.Comment")
def sidebar_changed(**kwargs) -> None:
    forget_sidebar()


@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Tag)
@receiver(m2m_changed, sender=Post.categories.through)
@receiver(m2m_changed, sender=Post.tags.through)
def related_posts_changed(**kwargs) -> None:
    forget_related()
