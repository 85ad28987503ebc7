"""Cache invalidation: a change to anything of the blog's that readers see starts a new
generation of everything kept (``core.cache``); and the one bookkeeping step a bulk delete would
otherwise skip (the addresses under a deleted page or category). No business rules live here."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from blog.models import Blog, Category, Image, Menu, MenuItem, Page, Post, Tag, forget_blog
from core import cache as kept


@receiver([post_save, post_delete], sender=Blog)
def blog_changed(**kwargs) -> None:
    forget_blog()


@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Menu)
@receiver([post_save, post_delete], sender=MenuItem)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=Image)
@receiver([post_save, post_delete], sender=Post)
@receiver(m2m_changed, sender=Post.categories.through)
@receiver(m2m_changed, sender=Post.tags.through)
def public_content_changed(**kwargs) -> None:
    kept.bump()


@receiver(post_delete, sender=Page)
@receiver(post_delete, sender=Category)
def nested_row_deleted(sender, instance, **kwargs) -> None:
    # Not a cache: the addresses of what was under the deleted row (see blog.models.Nested).
    sender.orphans_repath(instance)


@kept.changes_at
def next_publication():
    """A scheduled post goes live (home, archives, sidebar, its neighbours' links change)."""
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def database_replaced(**kwargs) -> None:
    """``migrate`` and ``flush`` (a restore, a schema change) change the database without the
    saves the receivers see: forget everything kept, and the page files nginx serves (connected
    in ``BlogConfig.ready`` to ``post_migrate``, which both send)."""
    cache.clear()
    kept.local_copies.clear()
    kept.bump()
