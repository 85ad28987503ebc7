"""Cache invalidation only: no business rules live here."""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from blog import pagecache
from blog.models import Blog, Category, Image, Page, Post, Tag, forget_blog
from blog.navigation import forget_navigation
from blog.sidebar import forget_related, forget_sidebar


@receiver([post_save, post_delete], sender=Blog)
def blog_changed(**kwargs) -> None:
    forget_blog()


@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Category)
def navigation_changed(**kwargs) -> None:
    forget_navigation()


@receiver([post_save, post_delete], sender=Blog)  # the permalink structure or time zone
@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
@receiver(m2m_changed, sender=Post.categories.through)
def sidebar_changed(**kwargs) -> None:
    forget_sidebar()


@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Post)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Tag)
@receiver(m2m_changed, sender=Post.categories.through)
@receiver(m2m_changed, sender=Post.tags.through)
def related_posts_changed(**kwargs) -> None:
    forget_related()


# --- The page cache: anything a public page shows changed, so every cached page goes ----------
@receiver([post_save, post_delete], sender=Blog)
@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=Image)
@receiver([post_save, post_delete], sender=Post)
@receiver(m2m_changed, sender=Post.categories.through)
@receiver(m2m_changed, sender=Post.tags.through)
def public_content_changed(**kwargs) -> None:
    pagecache.purge_all()


def author_changed(*, signal, created=False, update_fields=None, **kwargs) -> None:
    """A user's name is shown beside their posts and comments. A new account or a sign-in (only
    last_login is saved) changes no public page."""
    if signal is post_save and (
        created or (update_fields is not None and set(update_fields) <= {"last_login"})
    ):
        return
    pagecache.purge_all()


def comment_changed(*, signal, instance, created=False, **kwargs) -> None:
    """A new comment nobody else sees yet (pending, spam) leaves every public page and the
    sidebar's recent comments as they were, so a flood of spam cannot empty the caches; any
    other change to a comment purges them (approving one later is a save of its own)."""
    if signal is post_save and created and not instance.is_approved:
        return
    forget_sidebar()
    pagecache.purge_all()


def discussion_settings_changed(**kwargs) -> None:
    pagecache.purge_all()


def _connect_if_installed(handler, label: str) -> None:
    """Connect by app label (blog never imports comments). A lazy sender naming a model that
    does not exist would fail Django's checks (signals.E001), so connect only when it exists."""
    try:
        apps.get_model(label)
    except LookupError:
        return
    post_save.connect(handler, sender=label, dispatch_uid=f"pagecache-save-{label}")
    post_delete.connect(handler, sender=label, dispatch_uid=f"pagecache-delete-{label}")


_connect_if_installed(author_changed, settings.AUTH_USER_MODEL)
_connect_if_installed(comment_changed, "comments.Comment")
_connect_if_installed(discussion_settings_changed, "comments.DiscussionSettings")


def database_replaced(**kwargs) -> None:
    """``migrate`` and ``flush`` (a restore, a schema change) change the database without the
    saves the receivers above see: forget everything the cache was built from (pages, articles,
    threads, navigation, sidebar, settings) and the page files nginx serves (connected in
    ``BlogConfig.ready`` to ``post_migrate``, which both send)."""
    cache.clear()
    pagecache.purge_all()
