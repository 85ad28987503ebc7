from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BlogConfig(AppConfig):
    default = True
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from blog import signals  # cache invalidation hooks

        post_migrate.connect(signals.database_replaced, sender=self)


class BlogAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the blog's own site (its name, and the desk as its index)."""

    default = False
    default_site = "blog.admin_site.BlogAdminSite"
